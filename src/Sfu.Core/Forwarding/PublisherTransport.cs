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
}
