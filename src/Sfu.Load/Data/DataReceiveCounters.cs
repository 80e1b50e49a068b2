namespace Sfu.Load.Data;

/// <summary>
/// What one participant received of the others' data messages: messages and payload bytes, per sender the next
/// expected sequence number (a gap is missing until it arrives; a number below the next expected arrived out of
/// order), and the end-to-end latency. Written by the media loop that owns the participant's connection, read by the
/// runner (plain 64-bit fields: a read sees a recent value).
/// </summary>
/// <remarks>
/// SCTP delivers each message at most once (it drops duplicate TSNs), so a repeated number is counted as out of
/// order, not told apart as a duplicate.
/// </remarks>
public sealed class DataReceiveCounters
{
    private readonly Dictionary<uint, SenderSequence> _senders = new();
    private long _beforeFirst;

    /// <summary>Relayed messages received (the tool's own, with a valid header).</summary>
    public long Messages { get; private set; }

    /// <summary>Payload bytes of those messages.</summary>
    public long Bytes { get; private set; }

    /// <summary>Messages that arrived after a later one of the same sender.</summary>
    public long OutOfOrder { get; private set; }

    /// <summary>Messages expected: per sender, from the first received to the highest sequence number.</summary>
    public long Expected { get; private set; }

    /// <summary>Expected messages that have not arrived (yet).</summary>
    public long Missing => Expected - (Messages - _beforeFirst);

    /// <summary>Messages that were not the tool's relayed messages (the limits, refusals, a malformed message).</summary>
    public long Foreign { get; private set; }

    /// <summary>Senders heard from.</summary>
    public int Senders => _senders.Count;

    /// <summary>End-to-end latency: the sender's send time to this receiver's handling of the message.</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>Counts one relayed message's payload received at <paramref name="nowUs"/>.</summary>
    public void OnMessage(ReadOnlySpan<byte> payload, long nowUs)
    {
        if (!DataPayload.TryReadHeader(payload, out uint sender, out long sequence, out long sentUs))
        {
            Foreign++;
            return;
        }

        Messages++;
        Bytes += payload.Length;
        Latency.Record(nowUs - sentUs);
        if (!_senders.TryGetValue(sender, out var state))
        {
            // Once per sender: the control plane of the receive path.
            _senders.Add(sender, new SenderSequence(sequence));
            Expected++;
            return;
        }

        if (sequence >= state.Next)
        {
            Expected += sequence + 1 - state.Next;
            state.Next = sequence + 1;
            return;
        }

        OutOfOrder++;
        if (sequence < state.First)
        {
            _beforeFirst++;
        }
    }

    /// <summary>Counts a message that was not a relayed one of the tool's.</summary>
    public void OnForeign() => Foreign++;

    /// <summary>Per sender: the first sequence number received and the next expected.</summary>
    private sealed class SenderSequence(long first)
    {
        public long First { get; } = first;

        public long Next { get; set; } = first + 1;
    }
}
