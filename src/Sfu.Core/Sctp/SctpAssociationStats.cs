namespace Sfu.Core.Sctp;

/// <summary>Counters of one association, read on its owner's thread.</summary>
public sealed class SctpAssociationStats
{
    private readonly long[] _dropped = new long[Enum.GetValues<SctpDropReason>().Length];

    public long PacketsReceived { get; internal set; }

    public long PacketsSent { get; internal set; }

    public long MessagesSent { get; internal set; }

    public long MessagesReceived { get; internal set; }

    public long BytesSent { get; internal set; }

    public long BytesReceived { get; internal set; }

    /// <summary>DATA chunks sent for the first time.</summary>
    public long DataChunksSent { get; internal set; }

    /// <summary>DATA chunks sent again (after a timeout or as fast retransmissions).</summary>
    public long Retransmissions { get; internal set; }

    public long FastRetransmissions { get; internal set; }

    public long RetransmissionTimeouts { get; internal set; }

    /// <summary>Messages given up under their partial reliability policy.</summary>
    public long AbandonedMessages { get; internal set; }

    public long ForwardTsnSent { get; internal set; }

    public long ForwardTsnReceived { get; internal set; }

    public long DuplicateTsnsReceived { get; internal set; }

    public long SacksSent { get; internal set; }

    public long SacksReceived { get; internal set; }

    /// <summary>Packets or chunks dropped, total.</summary>
    public long Dropped { get; private set; }

    public long DroppedFor(SctpDropReason reason) => _dropped[(int)reason];

    internal void CountDrop(SctpDropReason reason)
    {
        _dropped[(int)reason]++;
        Dropped++;
    }
}
