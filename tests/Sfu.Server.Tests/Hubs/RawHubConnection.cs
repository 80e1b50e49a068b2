using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Sfu.Server.Tests.Hubs;

/// <summary>
/// A SignalR client speaking the JSON hub protocol over a plain <see cref="ClientWebSocket"/> to a real server: hub
/// invocations, the server's calls recorded, pings every second, and <see cref="StopReading"/> to become a client that
/// no longer reads its socket (as a stuck browser tab does) while it keeps sending pings.
/// </summary>
public sealed class RawHubConnection : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly ConcurrentQueue<(string Target, JsonElement[] Arguments)> _calls = new();
    private readonly CancellationTokenSource _stop = new();
    private volatile bool _reading = true;
    private Task _reader = Task.CompletedTask;
    private Task _pinger = Task.CompletedTask;
    private int _nextId;

    private RawHubConnection(ClientWebSocket socket) => _socket = socket;

    /// <summary>True once the server closed the connection (or a send to it failed).</summary>
    public bool Closed { get; private set; }

    /// <summary>
    /// Connects to <c>/hubs/room</c> with <paramref name="token"/> and completes the protocol handshake.
    /// <paramref name="receiveBufferSize"/> shrinks the socket's receive buffer (a client that stops reading then
    /// fills the path quickly).
    /// </summary>
    public static async Task<RawHubConnection> ConnectAsync(Uri server, string token, int? receiveBufferSize = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var s = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                if (receiveBufferSize is int size)
                {
                    s.ReceiveBufferSize = size;
                }

                await s.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(s, ownsSocket: true);
            },
        };
        var socket = new ClientWebSocket();
        var uri = new Uri($"ws://{server.Authority}/hubs/room?access_token={Uri.EscapeDataString(token)}");
        await socket.ConnectAsync(uri, new HttpMessageInvoker(handler), CancellationToken.None);
        var connection = new RawHubConnection(socket);
        await connection.SendAsync("{\"protocol\":\"json\",\"version\":1}");
        var handshake = await connection.ReceiveMessageAsync(CancellationToken.None);
        if (handshake != "{}")
        {
            throw new InvalidOperationException("The hub refused the handshake: " + handshake);
        }

        connection._reader = connection.ReadLoopAsync();
        connection._pinger = connection.PingLoopAsync();
        return connection;
    }

    /// <summary>Invokes a hub method; the result (JSON), or a <see cref="RawHubException"/> with the server's error.</summary>
    public async Task<JsonElement> InvokeAsync(string target, params object[] arguments)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var tcs = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = tcs;
        await SendAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target, arguments }, Json));
        return await tcs.Task;
    }

    /// <summary>Sends an invocation and does not wait for its result (a client that drops right after).</summary>
    public Task SendInvocationAsync(string target, params object[] arguments)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return SendAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target, arguments }, Json));
    }

    /// <summary>The server's calls of <paramref name="target"/> so far.</summary>
    public IEnumerable<JsonElement[]> Calls(string target) => _calls.Where(c => c.Target == target).Select(c => c.Arguments);

    /// <summary>
    /// Stops reading the socket (after the receive already waiting completes; cancelling it would abort the socket);
    /// pings go on.
    /// </summary>
    public void StopReading() => _reading = false;

    /// <summary>Drops the connection without a close handshake, as a lost network would.</summary>
    public void Abort() => _socket.Abort();

    private async Task SendAsync(string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message + RecordSeparator);
        await _sending.WaitAsync();
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, _stop.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            Closed = true;
            throw new RawHubException("The connection is closed: " + e.Message);
        }
        finally
        {
            _sending.Release();
        }
    }

    private readonly StringBuilder _buffer = new();

    /// <summary>The next whole protocol message (the text up to the record separator).</summary>
    private async Task<string?> ReceiveMessageAsync(CancellationToken cancellationToken)
    {
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var text = _buffer.ToString();
            int end = text.IndexOf(RecordSeparator, StringComparison.Ordinal);
            if (end >= 0)
            {
                _buffer.Remove(0, end + 1);
                return text[..end];
            }

            var result = await _socket.ReceiveAsync(chunk, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            _buffer.Append(Encoding.UTF8.GetString(chunk, 0, result.Count));
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (_reading && await ReceiveMessageAsync(CancellationToken.None) is { } message)
            {
                using var document = JsonDocument.Parse(message);
                var root = document.RootElement.Clone();
                switch (root.GetProperty("type").GetInt32())
                {
                    case 1:
                        _calls.Enqueue((root.GetProperty("target").GetString()!, root.GetProperty("arguments").EnumerateArray().ToArray()));
                        break;
                    case 3 when _pending.TryRemove(root.GetProperty("invocationId").GetString()!, out var tcs):
                        if (root.TryGetProperty("error", out var error))
                        {
                            tcs.TrySetException(new RawHubException(error.GetString()!));
                        }
                        else
                        {
                            tcs.TrySetResult(root.TryGetProperty("result", out var result) ? result : default);
                        }

                        break;
                    case 7:
                        Closed = true;
                        return;
                }
            }

            Closed = _reading;
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException)
        {
            Closed = true;
        }
        finally
        {
            if (Closed)
            {
                foreach (var (_, tcs) in _pending)
                {
                    tcs.TrySetException(new RawHubException("The connection closed."));
                }
            }
        }
    }

    private async Task PingLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(1000, _stop.Token);
                await SendAsync("{\"type\":6}");
            }
        }
        catch (Exception e) when (e is OperationCanceledException or RawHubException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _socket.Abort();
        await Task.WhenAll(_reader, _pinger).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
        _socket.Dispose();
    }
}

/// <summary>A hub call the server refused (its error message), or a closed connection.</summary>
public sealed class RawHubException : Exception
{
    public RawHubException(string message)
        : base(message)
    {
    }
}
