using Sfu.Core.Transport;

namespace Sfu.Core.Forwarding;

/// <summary>
/// What the router keeps per subscriber transport: its down-tracks by SSRC, its transport-wide sequence number, and
/// (when the subscriber negotiated transport-wide-cc or REMB) its bandwidth estimate and stream allocator.
/// </summary>
internal sealed class SubscriberTransport
{
    /// <summary>Added to each RTP packet's size for the estimator: the SRTP tag (10-16 bytes), about.</summary>
    private const int SrtpOverhead = 12;

    public SubscriberTransport(IRtpPacketSink sink)
    {
        Sink = sink;
    }

    public IRtpPacketSink Sink { get; }

    /// <summary>The down-tracks sending through this transport, by their SSRC (for the subscriber's RTCP).</summary>
    public Dictionary<uint, DownTrack> DownTracks { get; } = new();

    /// <summary>The next transport-wide-cc sequence number (one counter for every packet on this transport).</summary>
    public ushort TransportSequenceNumber { get; set; }

    /// <summary>The bandwidth estimate and allocator; null while no down-track negotiated transport-wide-cc or REMB.</summary>
    public SubscriberBandwidth? Bandwidth { get; set; }

    /// <summary>
    /// A packet carrying <paramref name="transportSequenceNumber"/> went out: the counter moves on and the estimator
    /// learns its size and send time.
    /// </summary>
    public void OnPacketSent(ushort transportSequenceNumber, int length, long now, bool isProbe)
    {
        TransportSequenceNumber = unchecked((ushort)(transportSequenceNumber + 1));
        if (Bandwidth is { } bandwidth)
        {
            bandwidth.OnPacketSent(length + SrtpOverhead, now);
            bandwidth.Estimator.OnPacketSent(transportSequenceNumber, length + SrtpOverhead, bandwidth.ToMicroseconds(now), isProbe);
        }
    }
}
