namespace Sfu.Core.Forwarding;

/// <summary>
/// Maps a source's extended sequence numbers onto a down-track's outgoing sequence numbers so that they stay
/// contiguous: a packet the down-track chooses not to send (<see cref="Drop"/>) takes no number, a packet the
/// publisher lost keeps its gap (the subscriber sees real loss), and after <see cref="Resync"/> (a new source) the
/// numbering continues right after the last number sent.
/// </summary>
/// <remarks>
/// outgoing = incoming + offset; every in-order drop decrements the offset. A reordered packet older than the newest
/// one gets the offset that was in force before the drops that came after it, found in a short history of recent
/// drops; one that is older than that history, or older than the resync point, cannot be numbered and is refused.
/// Pure and allocation-free after construction; one per down-track.
/// </remarks>
internal sealed class SequenceNumberMapper
{
    /// <summary>How many recent drops are remembered for numbering reordered packets.</summary>
    public const int DropHistoryLength = 16;

    private readonly long[] _drops = new long[DropHistoryLength];
    private long _offset;
    private long _highestIn;
    private long _highestOut;
    private long _resyncIn;
    private int _dropCount;
    private bool _started;
    private bool _resyncPending;

    /// <summary>Creates a mapper whose first outgoing number is <paramref name="initial"/>.</summary>
    public SequenceNumberMapper(ushort initial)
    {
        _highestOut = initial - 1L;
    }

    /// <summary>The last (highest) outgoing sequence number assigned, 16 bits.</summary>
    public ushort HighestOutgoing => (ushort)_highestOut;

    /// <summary>True once a number has been assigned.</summary>
    public bool HasStarted => _started;

    /// <summary>The next packet mapped starts a new incoming numbering (a new source) and continues the outgoing one.</summary>
    public void Resync() => _resyncPending = true;

    /// <summary>
    /// Assigns the outgoing number for a packet about to be sent. Returns false when a reordered packet cannot be
    /// numbered (it predates the resync point or the drop history, or it is a copy of a dropped packet).
    /// </summary>
    public bool TryMap(long incoming, out ushort outgoing)
    {
        if (!_started || _resyncPending)
        {
            _offset = _highestOut + 1 - incoming;
            _highestIn = incoming;
            _resyncIn = incoming;
            _dropCount = 0;
            _started = true;
            _resyncPending = false;
            _highestOut = incoming + _offset;
            outgoing = (ushort)_highestOut;
            return true;
        }

        if (incoming > _highestIn)
        {
            _highestIn = incoming;
            _highestOut = incoming + _offset;
            outgoing = (ushort)_highestOut;
            return true;
        }

        outgoing = 0;
        if (incoming < _resyncIn)
        {
            return false;
        }

        int retained = Math.Min(_dropCount, DropHistoryLength);
        long shift = 0;
        long oldestRetained = long.MaxValue;
        for (int i = 0; i < retained; i++)
        {
            long dropped = _drops[i];
            if (dropped == incoming)
            {
                return false;
            }

            if (dropped > incoming)
            {
                shift++;
            }

            oldestRetained = Math.Min(oldestRetained, dropped);
        }

        if (_dropCount > DropHistoryLength && incoming < oldestRetained)
        {
            return false;
        }

        outgoing = (ushort)(incoming + _offset + shift);
        return true;
    }

    /// <summary>
    /// Records that the packet with this incoming number is not sent, so the next one sent takes its number.
    /// Before the first packet and while a resync is pending there is nothing to shift.
    /// </summary>
    public void Drop(long incoming)
    {
        if (!_started || _resyncPending || incoming <= _highestIn)
        {
            return; // a late packet not sent stays a gap: it was already counted as lost in the numbering
        }

        _offset--;
        _highestIn = incoming;
        _drops[_dropCount % DropHistoryLength] = incoming;
        _dropCount = _dropCount == int.MaxValue ? DropHistoryLength + 1 : _dropCount + 1;
    }
}
