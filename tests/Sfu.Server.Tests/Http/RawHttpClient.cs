using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Sfu.Server.Tests.Http;

/// <summary>
/// HTTP/1.1 over a plain socket, for requests no HttpClient sends: a head that announces a body, then only as
/// much of the body as the test wants, so the test can see what the server answers before it has the rest.
/// </summary>
public sealed class RawHttpClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private RawHttpClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<RawHttpClient> ConnectAsync(Uri server)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        return new RawHttpClient(tcp);
    }

    /// <summary>Sends the request line and headers (Host and Content-Length added).</summary>
    public Task SendHeadAsync(string method, string path, long contentLength, params string[] headers)
    {
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"{method} {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n");
        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {contentLength}\r\n");
        foreach (var h in headers)
        {
            head.Append(h).Append("\r\n");
        }

        head.Append("\r\n");
        return _stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString())).AsTask();
    }

    /// <summary>Sends part of the body.</summary>
    public Task SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct = default) => _stream.WriteAsync(bytes, ct).AsTask();

    /// <summary>
    /// Sends <paramref name="total"/> body bytes by repeating <paramref name="chunk"/>; stops quietly when the server
    /// closes the connection. Returns how many bytes went out.
    /// </summary>
    public async Task<long> SendRepeatedAsync(ReadOnlyMemory<byte> chunk, long total, CancellationToken ct = default)
    {
        long sent = 0;
        try
        {
            while (sent < total)
            {
                int n = (int)Math.Min(chunk.Length, total - sent);
                await _stream.WriteAsync(chunk[..n], ct);
                sent += n;
            }
        }
        catch (IOException)
        {
        }
        catch (SocketException)
        {
        }

        return sent;
    }

    /// <summary>Reads the response head and returns its status code and headers (lower-case names).</summary>
    public async Task<(int Status, Dictionary<string, string> Headers)> ReadResponseHeadAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[16 * 1024];
        int length = 0;
        while (true)
        {
            int n = await _stream.ReadAsync(buffer.AsMemory(length), cts.Token);
            if (n == 0)
            {
                throw new IOException("the server closed the connection before answering: " + Encoding.ASCII.GetString(buffer, 0, length));
            }

            length += n;
            var text = Encoding.ASCII.GetString(buffer, 0, length);
            int end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0)
            {
                continue;
            }

            var lines = text[..end].Split("\r\n");
            int status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
            var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
            return (status, headers);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }
}
