using Sfu.Core.Transport;

namespace Sfu.Core.Forwarding;

/// <summary>What the router keeps per publisher transport: its tracks, the SSRCs learned on it, its report timer.</summary>
internal sealed class PublisherTransport
{
    /// <summary>Most SSRCs learned from header extensions per transport; more are dropped unlearned.</summary>
    public const int MaxLearnedSsrcs = 64;

    public PublisherTransport(IRtpPacketSink sink, long nextReport)
    {
        Sink = sink;
        NextReceiverReport = nextReport;
    }

    public IRtpPacketSink Sink { get; }

    public List<PublishedTrack> Tracks { get; } = [];

    public Dictionary<uint, SsrcBinding> Bindings { get; } = new();

    /// <summary>SSRCs learned from packets (declared ones not counted).</summary>
    public int LearnedCount { get; set; }

    /// <summary>When the next receiver report is due (a <see cref="TimeProvider"/> timestamp).</summary>
    public long NextReceiverReport { get; set; }

    /// <summary>The publisher's id of the transport-wide sequence number extension, when transport-cc is negotiated.</summary>
    public int TransportCcId { get; set; }

    /// <summary>Arrivals for transport-cc feedback; null unless a track of the transport negotiated transport-cc.</summary>
    public TransportCcRecorder? TransportCc { get; set; }

    /// <summary>When the next transport-cc feedback is due.</summary>
    public long NextTransportFeedback { get; set; }

    /// <summary>A track negotiated goog-remb (used only when no track negotiated transport-cc).</summary>
    public bool SupportsRemb { get; set; }

    /// <summary>REMB packets sent.</summary>
    public long RembsSent { get; set; }

    /// <summary>When the next REMB is due.</summary>
    public long NextRemb { get; set; }

    /// <summary>Bytes of RTP (media, RTX, padding) received on the transport since the last REMB.</summary>
    public long BytesSinceRemb { get; set; }
}
