namespace Sfu.Core.Sctp;

/// <summary>
/// Which TSNs the receiver has: the cumulative TSN (everything up to it arrived) and a bitmap of the TSNs received
/// above it, within a fixed window. Produces the gap ack blocks of a SACK.
/// </summary>
internal sealed class SctpTsnTracker
{
    /// <summary>How far above the cumulative TSN a DATA chunk may be (fits a SACK's 16-bit gap offsets).</summary>
    public const int Window = 16384;

    private readonly ulong[] _bits = new ulong[Window / 64];
    private uint _highest;

    public uint Cumulative { get; private set; }

    /// <summary>True when some TSN above the cumulative one was received (there is a gap).</summary>
    public bool HasGaps => _highest != Cumulative;

    public void Reset(uint cumulative)
    {
        Array.Clear(_bits);
        Cumulative = cumulative;
        _highest = cumulative;
    }

    public bool IsReceived(uint tsn) => SctpTsn.LessOrEqual(tsn, Cumulative) || (InWindow(tsn) && Get(tsn));

    public bool InWindow(uint tsn) => SctpTsn.Greater(tsn, Cumulative) && tsn - Cumulative <= Window;

    /// <summary>Records a TSN in the window (caller checked it is new); advances the cumulative TSN over a filled gap.</summary>
    public void Mark(uint tsn)
    {
        Set(tsn);
        if (SctpTsn.Greater(tsn, _highest))
        {
            _highest = tsn;
        }

        Advance();
    }

    /// <summary>FORWARD TSN: everything up to <paramref name="tsn"/> counts as received.</summary>
    public void ForwardTo(uint tsn)
    {
        if (!SctpTsn.Greater(tsn, Cumulative))
        {
            return;
        }

        if (tsn - Cumulative > Window)
        {
            Array.Clear(_bits);
        }
        else
        {
            for (uint t = Cumulative + 1; t != tsn + 1; t++)
            {
                Clear(t);
            }
        }

        Cumulative = tsn;
        if (SctpTsn.Greater(tsn, _highest))
        {
            _highest = tsn;
        }

        Advance();
    }

    /// <summary>Writes up to <paramref name="blocks"/>.Length gap ack blocks; returns how many.</summary>
    public int WriteGapBlocks(Span<SctpGapBlock> blocks)
    {
        int count = 0;
        uint tsn = Cumulative + 1;
        while (count < blocks.Length && SctpTsn.LessOrEqual(tsn, _highest))
        {
            while (SctpTsn.LessOrEqual(tsn, _highest) && !Get(tsn))
            {
                tsn++;
            }

            if (SctpTsn.Greater(tsn, _highest))
            {
                break;
            }

            uint start = tsn;
            while (SctpTsn.LessOrEqual(tsn, _highest) && Get(tsn))
            {
                tsn++;
            }

            blocks[count++] = new SctpGapBlock((ushort)(start - Cumulative), (ushort)(tsn - 1 - Cumulative));
        }

        return count;
    }

    private void Advance()
    {
        while (SctpTsn.Less(Cumulative, _highest) && Get(Cumulative + 1))
        {
            Cumulative++;
            Clear(Cumulative);
        }
    }

    private bool Get(uint tsn) => (_bits[(tsn / 64) % (Window / 64)] & (1UL << (int)(tsn % 64))) != 0;

    private void Set(uint tsn) => _bits[(tsn / 64) % (Window / 64)] |= 1UL << (int)(tsn % 64);

    private void Clear(uint tsn) => _bits[(tsn / 64) % (Window / 64)] &= ~(1UL << (int)(tsn % 64));
}
