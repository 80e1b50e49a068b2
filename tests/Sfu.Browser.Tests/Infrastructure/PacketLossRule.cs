using System.Diagnostics;

namespace Sfu.Browser.Tests.Infrastructure;

/// <summary>
/// Drops a share of the UDP datagrams sent to one local port, at random, with an nftables rule in a table of
/// its own (removed on dispose): a real lossy link for the packets the server sends to one subscriber.
/// This machine's kernel has no netem, but nftables' random number generator does the same job.
/// Needs root and Debian's nftables (scripts/ensure-deps.sh installs it).
/// </summary>
public sealed class PacketLossRule : IDisposable
{
    private readonly string _table = "sfu_test_" + Guid.NewGuid().ToString("N")[..8];

    /// <param name="destinationPort">The local UDP port (of a browser on loopback, which may use any 127.x address) whose incoming datagrams are dropped.</param>
    /// <param name="oneIn">Drop one datagram in this many (20 = 5%).</param>
    public PacketLossRule(int destinationPort, int oneIn)
    {
        Nft($"add table inet {_table}");
        Nft($"add chain inet {_table} out {{ type filter hook output priority 0 ; }}");
        Nft($"add rule inet {_table} out udp dport {destinationPort} numgen random mod {oneIn} == 0 drop");
    }

    public void Dispose()
    {
        try
        {
            Nft($"delete table inet {_table}");
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static void Nft(string arguments)
    {
        var nft = File.Exists("/usr/sbin/nft") ? "/usr/sbin/nft" : "nft";
        var start = new ProcessStartInfo(nft) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var part in SplitArguments(arguments))
        {
            start.ArgumentList.Add(part);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("nft did not start: install Debian's nftables (scripts/ensure-deps.sh does).");
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit(10_000);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"nft {arguments} failed ({process.ExitCode}): {error}. The loss test needs root and nftables.");
        }
    }

    private static IEnumerable<string> SplitArguments(string arguments) => arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
