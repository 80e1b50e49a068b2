namespace Sfu.Load.Media;

/// <summary>
/// Traffic counters of one peer connection. Written only by the media loop thread that owns the peer; other threads
/// read them for progress lines (a slightly stale value is fine).
/// </summary>
public sealed class PeerCounters
{
    public long RtpSent;
    public long RtpBytesSent;
    public long RtcpSent;
    public long RtpReceived;
    public long RtpBytesReceived;
    public long RtcpReceived;

    /// <summary>Datagrams that failed SRTP/SRTCP authentication or replay checks, or did not parse.</summary>
    public long Rejected;

    /// <summary>Datagrams the socket refused to send (buffer full) or that failed to send.</summary>
    public long SendErrors;

    /// <summary>Datagrams the kernel dropped because this peer's receive buffer was full: the tool did not read in time.</summary>
    public long ReceiveBufferDrops;
}
