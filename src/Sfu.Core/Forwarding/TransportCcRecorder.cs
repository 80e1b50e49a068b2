using Sfu.Core.Rtcp;

namespace Sfu.Core.Forwarding;

/// <summary>
/// The receive side of transport-wide congestion control for one publisher transport: records (transport-wide
/// sequence number, arrival time) for every RTP packet that carries the extension and writes the transport-cc
/// feedback the publisher's estimator needs.
/// </summary>
/// <remarks>
/// Sequence numbers are unwrapped to 64 bits (<see cref="Rtp.SequenceNumberUnwrapper"/>), so the 16-bit wrap is
/// invisible here. Arrivals are kept sorted in a preallocated array (<see cref="Capacity"/> entries): an in-order
/// packet is appended, a reordered one inserted a few places back, a repeat ignored, one older than what the previous
/// feedback already covered dropped (it was reported lost). When the array is full the oldest quarter is discarded
/// (reported lost). Allocation-free after construction; media worker thread only.
/// </remarks>
internal sealed class TransportCcRecorder
{
    /// <summary>Most arrivals held between two feedbacks (at 50 ms that is 20,000 packets per second).</summary>
    public const int Capacity = 1024;

    /// <summary>Size bound of one feedback packet (room for SRTCP after it in the router's scratch buffer).</summary>
    public const int MaxFeedbackLength = 1200;

    /// <summary>
    /// Most "not received" statuses reported before the first arrival of a feedback: after a long silence (or a
    /// sender that restarted its numbering far ahead) the gap is not reported packet by packet.
    /// </summary>
    private const long MaxLeadingLoss = 1000;

    private readonly TransportWideCcArrival[] _arrivals = new TransportWideCcArrival[Capacity];
    private Rtp.SequenceNumberUnwrapper _unwrapper;
    private int _count;
    private long _nextBase = long.MinValue;
    private byte _feedbackCount;

    /// <summary>Arrivals pending for the next feedback.</summary>
    public int PendingCount => _count;

    /// <summary>Arrivals discarded unreported because the pending list was full.</summary>
    public long Overflowed { get; private set; }

    /// <summary>Feedback packets written so far.</summary>
    public long FeedbackPacketsWritten { get; private set; }

    /// <summary>Records one packet's transport-wide sequence number and arrival time (µs on the router's clock).</summary>
    public void OnPacket(ushort sequenceNumber, long arrivalMicroseconds)
    {
        long extended = _unwrapper.Unwrap(sequenceNumber);
        if (extended < _nextBase)
        {
            return; // already reported (as lost) in an earlier feedback
        }

        int index = _count;
        while (index > 0 && _arrivals[index - 1].SequenceNumber >= extended)
        {
            if (_arrivals[index - 1].SequenceNumber == extended)
            {
                return; // a repeat
            }

            index--;
        }

        if (_count == Capacity)
        {
            int discard = Capacity / 4;
            Array.Copy(_arrivals, discard, _arrivals, 0, _count - discard);
            _count -= discard;
            Overflowed += discard;
            index = Math.Max(0, index - discard);
        }

        if (index < _count)
        {
            Array.Copy(_arrivals, index, _arrivals, index + 1, _count - index);
        }

        _arrivals[index] = new TransportWideCcArrival(extended, arrivalMicroseconds);
        _count++;
    }

    /// <summary>
    /// Writes the feedback for the pending arrivals into <paramref name="destination"/> (as many packets as needed,
    /// back to back, as long as they fit) and returns the total length; 0 when nothing is pending. Reported arrivals
    /// are removed; the next feedback continues where this one stopped.
    /// </summary>
    public int WriteFeedback(Span<byte> destination, uint senderSsrc, uint mediaSsrc)
    {
        int written = 0;
        int consumedTotal = 0;
        while (consumedTotal < _count && destination.Length - written >= MaxFeedbackLength)
        {
            ReadOnlySpan<TransportWideCcArrival> pending = _arrivals.AsSpan(consumedTotal, _count - consumedTotal);
            long baseSequence = _nextBase == long.MinValue ? pending[0].SequenceNumber : Math.Max(_nextBase, pending[0].SequenceNumber - MaxLeadingLoss);
            int length = TransportWideCcFeedbackBuilder.Build(
                destination.Slice(written), senderSsrc, mediaSsrc, _feedbackCount, baseSequence, pending, MaxFeedbackLength, out int consumed, out long next);
            consumedTotal += consumed;
            if (length == 0)
            {
                break;
            }

            _nextBase = next;
            _feedbackCount++;
            FeedbackPacketsWritten++;
            written += length;
            if (consumed == 0)
            {
                break; // cannot progress (a delta beyond 16 bits): start afresh from the next arrival
            }
        }

        if (consumedTotal > 0)
        {
            Array.Copy(_arrivals, consumedTotal, _arrivals, 0, _count - consumedTotal);
            _count -= consumedTotal;
        }

        return written;
    }
}
