namespace Sfu.Core.Rtp;

/// <summary>
/// Turns a stream of 32-bit RTP timestamps into 64-bit extended timestamps, across wraps and under reordering, the
/// same way <see cref="SequenceNumberUnwrapper"/> does for sequence numbers. The first value is returned as is.
/// </summary>
/// <remarks>A mutable struct: keep it in a field (not a readonly one) or a class, never in a copy.</remarks>
public struct TimestampUnwrapper
{
    private long _last;

    /// <summary>True once a value has been unwrapped.</summary>
    public bool HasValue { get; private set; }

    /// <summary>The extended value last returned by <see cref="Unwrap"/>.</summary>
    public readonly long Last => _last;

    /// <summary>Extends <paramref name="timestamp"/> and remembers it as the new reference.</summary>
    public long Unwrap(uint timestamp)
    {
        _last = PeekUnwrap(timestamp);
        HasValue = true;
        return _last;
    }

    /// <summary>Extends <paramref name="timestamp"/> without changing the reference.</summary>
    public readonly long PeekUnwrap(uint timestamp) =>
        HasValue ? ExtendedSequenceNumber.Unwrap(timestamp, _last) : timestamp;

    /// <summary>Forgets all state.</summary>
    public void Reset()
    {
        _last = 0;
        HasValue = false;
    }
}
