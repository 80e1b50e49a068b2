using Sfu.Core.Rtcp;
using Sfu.Core.Rtp;

namespace Sfu.Load.Subscribing;

/// <summary>
/// The receive side of transport-wide congestion control for one subscriber connection, as a browser runs it:
/// records each packet's transport-wide sequence number and arrival time and writes the feedback
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01) the server's bandwidth estimator needs.
/// </summary>
/// <remarks>
/// Arrivals are kept sorted in a preallocated array; a full array drops its oldest quarter (reported lost). Written
/// packets are removed; the next feedback continues from the last number reported. Allocation-free; loop thread only.
/// </remarks>
public sealed class TransportCcArrivals
{
    /// <summary>Most arrivals held between two feedbacks.</summary>
    public const int Capacity = 2048;

    /// <summary>Size bound of one feedback packet.</summary>
    public const int MaxFeedbackLength = 1100;

    private readonly TransportWideCcArrival[] _arrivals = new TransportWideCcArrival[Capacity];
    private SequenceNumberUnwrapper _unwrapper;
    private int _count;
    private long _nextBase = long.MinValue;
    private byte _feedbackCount;

    /// <summary>Arrivals waiting for the next feedback.</summary>
    public int Pending => _count;

    /// <summary>Feedback packets written.</summary>
    public long FeedbackWritten { get; private set; }

    /// <summary>Records a packet's transport-wide sequence number and arrival time.</summary>
    public void OnPacket(ushort sequenceNumber, long arrivalUs)
    {
        long extended = _unwrapper.Unwrap(sequenceNumber);
        if (extended < _nextBase)
        {
            return; // already reported lost
        }

        int index = _count;
        while (index > 0 && _arrivals[index - 1].SequenceNumber >= extended)
        {
            if (_arrivals[index - 1].SequenceNumber == extended)
            {
                return;
            }

            index--;
        }

        if (_count == Capacity)
        {
            int drop = Capacity / 4;
            Array.Copy(_arrivals, drop, _arrivals, 0, _count - drop);
            _count -= drop;
            index = Math.Max(0, index - drop);
        }

        if (index < _count)
        {
            Array.Copy(_arrivals, index, _arrivals, index + 1, _count - index);
        }

        _arrivals[index] = new TransportWideCcArrival(extended, arrivalUs);
        _count++;
    }

    /// <summary>Writes one feedback packet about the pending arrivals and returns its length (0 when none are pending).</summary>
    public int WriteFeedback(Span<byte> destination, uint senderSsrc, uint mediaSsrc)
    {
        if (_count == 0)
        {
            return 0;
        }

        ReadOnlySpan<TransportWideCcArrival> pending = _arrivals.AsSpan(0, _count);
        long baseSequence = _nextBase == long.MinValue ? pending[0].SequenceNumber : Math.Max(_nextBase, pending[0].SequenceNumber - 1000);
        int length = TransportWideCcFeedbackBuilder.Build(
            destination, senderSsrc, mediaSsrc, _feedbackCount, baseSequence, pending, Math.Min(MaxFeedbackLength, destination.Length), out int consumed, out long next);
        if (consumed > 0)
        {
            Array.Copy(_arrivals, consumed, _arrivals, 0, _count - consumed);
            _count -= consumed;
        }

        if (length > 0)
        {
            _nextBase = next;
            _feedbackCount++;
            FeedbackWritten++;
        }
        else if (consumed == 0)
        {
            _count = 0; // cannot be reported (a delta beyond 16 bits): start afresh
            _nextBase = long.MinValue;
        }

        return length;
    }
}
