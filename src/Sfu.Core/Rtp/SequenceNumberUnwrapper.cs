namespace Sfu.Core.Rtp;

/// <summary>
/// Turns a stream of 16-bit RTP sequence numbers into 64-bit extended sequence numbers, across wraps and under
/// reordering: each value is unwrapped relative to the previous extended value, so a late packet from before a wrap
/// gets the lower extended number it had. The first value is returned as is (0..65535); a packet reordered ahead of
/// the very first one can therefore unwrap below zero.
/// </summary>
/// <remarks>A mutable struct: keep it in a field (not a readonly one) or a class, never in a copy.</remarks>
public struct SequenceNumberUnwrapper
{
    private long _last;

    /// <summary>True once a value has been unwrapped.</summary>
    public bool HasValue { get; private set; }

    /// <summary>The extended value last returned by <see cref="Unwrap"/>.</summary>
    public readonly long Last => _last;

    /// <summary>Extends <paramref name="sequenceNumber"/> and remembers it as the new reference.</summary>
    public long Unwrap(ushort sequenceNumber)
    {
        _last = PeekUnwrap(sequenceNumber);
        HasValue = true;
        return _last;
    }

    /// <summary>Extends <paramref name="sequenceNumber"/> without changing the reference.</summary>
    public readonly long PeekUnwrap(ushort sequenceNumber) =>
        HasValue ? ExtendedSequenceNumber.Unwrap(sequenceNumber, _last) : sequenceNumber;

    /// <summary>Forgets all state.</summary>
    public void Reset()
    {
        _last = 0;
        HasValue = false;
    }
}
