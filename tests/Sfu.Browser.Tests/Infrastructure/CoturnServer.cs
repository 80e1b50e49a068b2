using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sfu.Browser.Tests.Infrastructure;

/// <summary>
/// Debian's coturn (<c>turnserver</c>, installed by scripts/ensure-deps.sh) on 127.0.0.1 with a shared secret, the
/// TURN REST scheme Sfu mints credentials for. It relays to loopback peers (the server under test), which a real
/// deployment's configuration forbids (deploy/coturn/turnserver.conf). Ended by PID on dispose.
/// </summary>
public sealed class CoturnServer : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public CoturnServer()
    {
        Secret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        Port = FreeUdpPort();
        int relayBase = 50_000 + Random.Shared.Next(0, 300) * 50;
        RelayPorts = (relayBase, relayBase + 49);
        var start = new ProcessStartInfo(File.Exists("/usr/bin/turnserver") ? "/usr/bin/turnserver" : "turnserver")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", $"--listening-port={Port}",
            $"--min-port={relayBase}", $"--max-port={relayBase + 49}", "--use-auth-secret", $"--static-auth-secret={Secret}",
            "--realm=sfu.test", "--fingerprint", "--allow-loopback-peers", "--no-tls", "--no-dtls", "--no-cli",
            "--no-multicast-peers", "--log-file=stdout", "--simple-log", "--verbose",
        })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("turnserver did not start: install Debian's coturn (scripts/ensure-deps.sh does).");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitUntilListening();
    }

    /// <summary>The UDP (and TCP) port coturn listens on at 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The ports coturn relays from (the addresses the server sees relayed media come from).</summary>
    public (int First, int Last) RelayPorts { get; }

    /// <summary>The shared secret (coturn's <c>static-auth-secret</c>, Sfu's <c>Sfu:Turn:Secret</c>).</summary>
    public string Secret { get; }

    /// <summary>The server settings that hand every participant TURN credentials for this coturn.</summary>
    public Dictionary<string, string?> SfuSettings() => new()
    {
        ["Sfu:Turn:Urls:0"] = $"turn:127.0.0.1:{Port}?transport=udp",
        ["Sfu:Turn:Secret"] = Secret,
    };

    /// <summary>What coturn logged so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Lines of coturn's log that contain <paramref name="text"/>.</summary>
    public int LinesWith(string text) => Output.Split('\n').Count(l => l.Contains(text, StringComparison.Ordinal));

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>Waits until a STUN binding request to the port is answered (coturn is up), at most 10 s.</summary>
    private void WaitUntilListening()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.ReceiveTimeout = 200;
        var request = new byte[20];
        request[1] = 0x01; // Binding request
        request[4] = 0x21; request[5] = 0x12; request[6] = 0xA4; request[7] = 0x42; // magic cookie
        Random.Shared.NextBytes(request.AsSpan(8, 12));
        var target = new IPEndPoint(IPAddress.Loopback, Port);
        var buffer = new byte[1500];
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"turnserver exited ({_process.ExitCode}):\n{Output}");
            }

            socket.SendTo(request, target);
            try
            {
                if (socket.Receive(buffer) >= 20 && buffer[0] == 0x01 && buffer[1] == 0x01)
                {
                    return;
                }
            }
            catch (SocketException)
            {
                // Not listening yet (or the answer is late).
            }
        }

        throw new InvalidOperationException($"turnserver did not answer a STUN binding request on 127.0.0.1:{Port} within 10 s:\n{Output}");
    }

    private static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
