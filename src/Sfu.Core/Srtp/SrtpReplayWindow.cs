namespace Sfu.Core.Srtp;

/// <summary>
/// Sliding replay window over 64-bit packet indices (RFC 3711 section 3.3.2): remembers the highest index accepted
/// and which of the <see cref="Size"/> indices at and below it were seen. <see cref="Check"/> is pure;
/// <see cref="Accept"/> is called only after the packet authenticated. Not thread-safe.
/// </summary>
internal sealed class SrtpReplayWindow
{
    private readonly ulong[] _seen;
    private readonly int _bitCount;

    public SrtpReplayWindow(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 64);
        Size = size;
        _bitCount = (size + 63) / 64 * 64;
        _seen = new ulong[_bitCount / 64];
    }

    /// <summary>How many indices, counting the highest, the window tracks.</summary>
    public int Size { get; }

    /// <summary>True once a packet has been accepted.</summary>
    public bool HasAccepted { get; private set; }

    /// <summary>The highest index accepted so far (0 before the first).</summary>
    public ulong Highest { get; private set; }

    /// <summary>Whether <paramref name="index"/> may be accepted: new, or inside the window and not seen yet.</summary>
    public SrtpError Check(ulong index)
    {
        if (!HasAccepted || index > Highest)
        {
            return SrtpError.Ok;
        }

        ulong behind = Highest - index;
        if (behind >= (ulong)Size)
        {
            return SrtpError.ReplayTooOld;
        }

        return IsSeen(index) ? SrtpError.ReplayDuplicate : SrtpError.Ok;
    }

    /// <summary>Records <paramref name="index"/> as received; the caller has checked it with <see cref="Check"/>.</summary>
    public void Accept(ulong index)
    {
        if (!HasAccepted)
        {
            HasAccepted = true;
            Highest = index;
        }
        else if (index > Highest)
        {
            ulong advance = index - Highest;
            if (advance >= (ulong)_bitCount)
            {
                Array.Clear(_seen);
            }
            else
            {
                for (ulong i = Highest + 1; i < index; i++)
                {
                    Clear(i);
                }
            }

            Highest = index;
        }

        Set(index);
    }

    private bool IsSeen(ulong index)
    {
        int bit = (int)(index % (ulong)_bitCount);
        return (_seen[bit >> 6] & (1UL << (bit & 63))) != 0;
    }

    private void Set(ulong index)
    {
        int bit = (int)(index % (ulong)_bitCount);
        _seen[bit >> 6] |= 1UL << (bit & 63);
    }

    private void Clear(ulong index)
    {
        int bit = (int)(index % (ulong)_bitCount);
        _seen[bit >> 6] &= ~(1UL << (bit & 63));
    }
}
