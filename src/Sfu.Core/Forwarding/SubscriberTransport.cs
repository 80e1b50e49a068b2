using Sfu.Core.Transport;

namespace Sfu.Core.Forwarding;

/// <summary>What the router keeps per subscriber transport: its down-tracks by SSRC and its transport-wide sequence number.</summary>
internal sealed class SubscriberTransport
{
    public SubscriberTransport(IRtpPacketSink sink)
    {
        Sink = sink;
    }

    public IRtpPacketSink Sink { get; }

    /// <summary>The down-tracks sending through this transport, by their SSRC (for the subscriber's RTCP).</summary>
    public Dictionary<uint, DownTrack> DownTracks { get; } = new();

    /// <summary>The next transport-wide-cc sequence number (one counter for every packet on this transport).</summary>
    public ushort TransportSequenceNumber { get; set; }
}
