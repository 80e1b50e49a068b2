using System.IO.Pipelines;
using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace Sfu.Server.Tests.Hubs;

/// <summary>
/// Connects the SignalR .NET client (Client.Core) straight to a hub's WebSocket URL, skipping negotiation, since the
/// full client package (with its HTTP connections) cannot be had here. <paramref name="connect"/> opens the socket:
/// the test host's in-memory WebSocket client or a real ClientWebSocket.
/// </summary>
public sealed class WebSocketConnectionFactory : IConnectionFactory
{
    private readonly Func<Uri, CancellationToken, Task<WebSocket>> _connect;

    public WebSocketConnectionFactory(Func<Uri, CancellationToken, Task<WebSocket>> connect) => _connect = connect;

    /// <summary>The connections made so far, so a test can cut one (simulating a dropped network).</summary>
    public List<WebSocketConnectionContext> Connections { get; } = new();

    public async ValueTask<ConnectionContext> ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var uri = ((UriEndPoint)endpoint).Uri;
        var socket = await _connect(uri, cancellationToken);
        var context = new WebSocketConnectionContext(socket);
        lock (Connections)
        {
            Connections.Add(context);
        }

        return context;
    }
}

/// <summary>A connection whose transport pumps two pipes over a WebSocket (text frames, as SignalR's JSON protocol uses).</summary>
public sealed class WebSocketConnectionContext : ConnectionContext
{
    private readonly WebSocket _socket;
    private readonly Pipe _input = new();
    private readonly Pipe _output = new();
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _receiving;
    private readonly Task _sending;

    public WebSocketConnectionContext(WebSocket socket)
    {
        _socket = socket;
        Transport = new DuplexPipe(_input.Reader, _output.Writer);
        _receiving = ReceiveLoopAsync();
        _sending = SendLoopAsync();
    }

    public override string ConnectionId { get; set; } = Guid.NewGuid().ToString("N");

    public override IFeatureCollection Features { get; } = new FeatureCollection();

    public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();

    public override IDuplexPipe Transport { get; set; }

    /// <summary>Drops the connection without a close handshake, as a lost network would.</summary>
    public void Cut()
    {
        _socket.Abort();
        _cts.Cancel();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (!_cts.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer, _cts.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                await _input.Writer.WriteAsync(buffer.AsMemory(0, result.Count), _cts.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
        finally
        {
            await _input.Writer.CompleteAsync();
        }
    }

    private async Task SendLoopAsync()
    {
        try
        {
            while (true)
            {
                var result = await _output.Reader.ReadAsync(_cts.Token);
                foreach (var segment in result.Buffer)
                {
                    await _socket.SendAsync(segment, WebSocketMessageType.Text, endOfMessage: true, _cts.Token);
                }

                _output.Reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }

            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
        finally
        {
            await _output.Reader.CompleteAsync();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await _output.Writer.CompleteAsync();
        _cts.CancelAfter(TimeSpan.FromSeconds(1));
        await Task.WhenAny(Task.WhenAll(_receiving, _sending), Task.Delay(2000));
        _cts.Cancel();
        _socket.Dispose();
    }

    private sealed class DuplexPipe : IDuplexPipe
    {
        public DuplexPipe(PipeReader input, PipeWriter output)
        {
            Input = input;
            Output = output;
        }

        public PipeReader Input { get; }

        public PipeWriter Output { get; }
    }
}
