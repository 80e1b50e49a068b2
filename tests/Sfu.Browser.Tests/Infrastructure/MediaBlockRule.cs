namespace Sfu.Browser.Tests.Infrastructure;

/// <summary>
/// Cuts one participant off the server's media port, both ways, with nftables rules in a table of their own (removed
/// on dispose): every UDP datagram to or from the port is dropped except those of the local ports let through (the
/// other participants' connections). So the cut participant stays cut when it gathers new ports (an ICE restart
/// does), while its signaling connection (TCP) goes on. Needs root and Debian's nftables.
/// </summary>
public sealed class MediaBlockRule : IDisposable
{
    private readonly NftTable _table = new();

    /// <param name="serverPort">The media worker's UDP port.</param>
    /// <param name="allowedPorts">Local UDP ports whose traffic with the server still passes.</param>
    public MediaBlockRule(int serverPort, IEnumerable<int> allowedPorts)
    {
        var allowed = string.Join(",", allowedPorts);
        _table.AddOutputRule($"udp dport {serverPort} udp sport != {{{allowed}}} counter drop");
        _table.AddOutputRule($"udp sport {serverPort} udp dport != {{{allowed}}} counter drop");
    }

    /// <summary>The rules with the datagrams they dropped so far (nftables' counters), for a test's message.</summary>
    public string Describe() => _table.Describe();

    public void Dispose() => _table.Dispose();
}
