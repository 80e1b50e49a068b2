namespace Sfu.Browser.Tests.Infrastructure;

/// <summary>
/// Drops a share of the UDP datagrams sent to one local port, at random, with an nftables rule in a table of
/// its own (removed on dispose): a real lossy link for the packets the server sends to one subscriber.
/// This machine's kernel has no netem, but nftables' random number generator does the same job.
/// Needs root and Debian's nftables (scripts/ensure-deps.sh installs it).
/// </summary>
public sealed class PacketLossRule : IDisposable
{
    private readonly NftTable _table = new();

    /// <param name="destinationPort">The local UDP port (of a browser on loopback, which may use any 127.x address) whose incoming datagrams are dropped.</param>
    /// <param name="oneIn">Drop one datagram in this many (20 = 5%).</param>
    public PacketLossRule(int destinationPort, int oneIn)
        : this([destinationPort], oneIn)
    {
    }

    /// <param name="destinationPorts">
    /// The local UDP ports whose incoming datagrams are dropped: all of a browser connection's candidate ports, so the
    /// loss stays when the browser moves to another candidate pair.
    /// </param>
    /// <param name="oneIn">Drop one datagram in this many (20 = 5%).</param>
    public PacketLossRule(IReadOnlyCollection<int> destinationPorts, int oneIn)
    {
        string ports = destinationPorts.Count == 1 ? destinationPorts.First().ToString(System.Globalization.CultureInfo.InvariantCulture)
            : "{ " + string.Join(", ", destinationPorts.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture))) + " }";
        _table.AddOutputRule($"udp dport {ports} numgen random mod {oneIn} == 0 counter drop");
    }

    /// <summary>The rule with the datagrams it dropped so far (nftables' counter), for a failing test's message.</summary>
    public string Describe() => _table.Describe();

    public void Dispose() => _table.Dispose();
}
