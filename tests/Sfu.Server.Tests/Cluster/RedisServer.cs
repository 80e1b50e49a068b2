using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Sfu.Server.Tests.Deploy;

namespace Sfu.Server.Tests.Cluster;

/// <summary>
/// Debian's <c>redis-server</c> on a free 127.0.0.1 port, without persistence, started by the test and ended by its
/// process id. Installed with scripts/ensure-deps.sh (apt-get) when missing. <see cref="StopAsync"/> and
/// <see cref="StartAsync"/> take it away and bring it back on the same port (empty, as a restarted Redis without
/// persistence is).
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string Executable = "/usr/bin/redis-server";

    private static readonly SemaphoreSlim InstallGate = new(1, 1);
    private Process? _process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    /// <summary>The StackExchange.Redis connection string (<c>Sfu:Cluster:Redis</c>).</summary>
    public string Connection => "127.0.0.1:" + Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>True while the server runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Installs redis-server if needed and starts one on a free port; returns once it answers PING.</summary>
    public static async Task<RedisServer> StartNewAsync()
    {
        await EnsureInstalledAsync();
        var server = new RedisServer(FreePort.Next());
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts the server (again) on its port; returns once it answers PING.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(Executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no" })
        {
            start.ArgumentList.Add(a);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await PingAsync())
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"redis-server did not start on port {Port} (exit code {(_process.HasExited ? _process.ExitCode : -1)}).");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Ends the server (by its process id) and waits until it is gone.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // It exited by itself.
        }

        _process.Dispose();
        _process = null;
    }

    /// <summary>Sends one command in Redis's inline protocol and returns the first line of the reply.</summary>
    public async Task<string> CommandAsync(string command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
        var buffer = new byte[4096];
        int n = await stream.ReadAsync(buffer);
        return Encoding.ASCII.GetString(buffer, 0, n);
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task<bool> PingAsync()
    {
        try
        {
            return (await CommandAsync("PING")).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task EnsureInstalledAsync()
    {
        if (File.Exists(Executable))
        {
            return;
        }

        await InstallGate.WaitAsync();
        try
        {
            if (!File.Exists(Executable))
            {
                using var install = ChildProcess.Start("bash", [Path.Combine(RepositoryRoot.Path, "scripts", "ensure-deps.sh")]);
                int code = await install.WaitAsync(TimeSpan.FromMinutes(10));
                if (code != 0 || !File.Exists(Executable))
                {
                    throw new InvalidOperationException("redis-server is missing and scripts/ensure-deps.sh could not install it:\n" + install.Output);
                }
            }
        }
        finally
        {
            InstallGate.Release();
        }
    }
}
