namespace Sfu.Browser.Tests.Infrastructure;

/// <summary>
/// Limits the UDP datagrams sent to one local port to a bitrate, dropping what exceeds it (a policer), with an
/// nftables rule in a table of its own (removed on dispose): a real constrained link for what the server sends to one
/// subscriber. Needs root and Debian's nftables (scripts/ensure-deps.sh installs it).
/// </summary>
public sealed class RateLimitRule : IDisposable
{
    private readonly NftTable _table = new();

    /// <param name="destinationPort">The local UDP port of the receiving browser (which may use any 127.x address).</param>
    /// <param name="kilobitsPerSecond">What passes; datagrams beyond it are dropped.</param>
    /// <param name="burstKilobytes">How much may pass at once above the rate.</param>
    public RateLimitRule(int destinationPort, int kilobitsPerSecond, int burstKilobytes = 2)
    {
        int bytesPerSecond = kilobitsPerSecond * 1000 / 8;
        _table.AddOutputRule($"udp dport {destinationPort} limit rate over {bytesPerSecond} bytes/second burst {burstKilobytes * 1024} bytes drop");
    }

    public void Dispose() => _table.Dispose();
}
