namespace Sfu.Load.Subscribing;

/// <summary>
/// Checks one RTP stream's sequence numbers as they arrive: extends them to 64 bits, remembers which of the last
/// <see cref="WindowSize"/> numbers were received, and counts gaps (loss), reordering and duplicates. A packet that
/// arrives late fills its gap: <see cref="Lost"/> is always the numbers between the first and the highest that have
/// not (yet) arrived. Allocation-free after construction.
/// </summary>
public sealed class SequenceContinuity
{
    /// <summary>How far behind the highest number a late packet is still recognized (reordered or duplicate).</summary>
    public const int WindowSize = 1024;

    private readonly ulong[] _received = new ulong[WindowSize / 64];
    private long _first = -1;
    private long _highest = -1;

    /// <summary>Distinct sequence numbers received.</summary>
    public long Received { get; private set; }

    /// <summary>Packets that repeated a number already received.</summary>
    public long Duplicates { get; private set; }

    /// <summary>Packets that arrived after a higher number (they filled a gap).</summary>
    public long Reordered { get; private set; }

    /// <summary>Packets too far behind to place (counted neither received nor duplicate).</summary>
    public long TooOld { get; private set; }

    /// <summary>Gaps seen (a jump ahead by more than one), however they were filled later.</summary>
    public long Gaps { get; private set; }

    /// <summary>Numbers from the first to the highest received.</summary>
    public long Expected => _highest < 0 ? 0 : _highest - _first + 1;

    /// <summary>Numbers between the first and the highest that did not arrive.</summary>
    public long Lost => Expected - Received;

    /// <summary>The highest number, extended (cycles × 65536 + number), or -1 before the first packet.</summary>
    public long HighestExtended => _highest;

    /// <summary>Records one packet's sequence number.</summary>
    public SequenceEvent Add(ushort sequenceNumber)
    {
        if (_highest < 0)
        {
            _first = sequenceNumber + 65536L; // room to extend backwards for packets reordered before the first
            _highest = _first;
            Mark(_highest);
            Received = 1;
            return SequenceEvent.First;
        }

        long extended = _highest + (short)(sequenceNumber - (ushort)_highest);
        long ahead = extended - _highest;
        if (ahead > 0)
        {
            // Forget the numbers that leave the window, i.e. clear the slots of the numbers skipped and the new one.
            if (ahead >= WindowSize)
            {
                Array.Clear(_received);
            }
            else
            {
                for (long n = _highest + 1; n < extended; n++)
                {
                    Clear(n);
                }
            }

            _highest = extended;
            Mark(extended);
            Received++;
            if (ahead > 1)
            {
                Gaps++;
                return SequenceEvent.Gap;
            }

            return SequenceEvent.InOrder;
        }

        if (ahead == 0 || (_highest - extended < WindowSize && extended >= _first && IsMarked(extended)))
        {
            Duplicates++;
            return SequenceEvent.Duplicate;
        }

        if (_highest - extended >= WindowSize || extended < _first - WindowSize)
        {
            TooOld++;
            return SequenceEvent.TooOld;
        }

        if (extended < _first)
        {
            // Earlier than the stream's first packet: the stream starts earlier than we thought.
            for (long n = extended + 1; n < _first; n++)
            {
                Clear(n);
            }

            _first = extended;
        }

        Mark(extended);
        Received++;
        Reordered++;
        return SequenceEvent.Reordered;
    }

    private void Mark(long n) => _received[(int)((n >> 6) & (WindowSize / 64 - 1))] |= 1UL << (int)(n & 63);

    private void Clear(long n) => _received[(int)((n >> 6) & (WindowSize / 64 - 1))] &= ~(1UL << (int)(n & 63));

    private bool IsMarked(long n) => (_received[(int)((n >> 6) & (WindowSize / 64 - 1))] & (1UL << (int)(n & 63))) != 0;
}
