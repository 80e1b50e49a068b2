namespace Sfu.Core.Bwe;

/// <summary>
/// The bitrate the subscriber actually received, from transport-wide-cc feedback: the bytes of the packets acknowledged
/// within the last <see cref="WindowUs"/> of (remote) arrival time, divided by the span of those arrivals.
/// </summary>
/// <remarks>
/// A ring of <see cref="InitialCapacity"/> packets that <see cref="Maintain"/> (on the owner's tick) doubles, up to
/// <see cref="MaxCapacity"/>, after it was full before its oldest packet left the window; a full ring drops its oldest
/// packet, so the rate is then measured over a shorter span. <see cref="OnAcknowledged"/> allocates nothing.
/// </remarks>
public sealed class AcknowledgedBitrateEstimator
{
    /// <summary>Length of the averaging window of arrival time.</summary>
    public const long WindowUs = 500_000;

    /// <summary>Shortest span of arrivals a rate is computed over.</summary>
    public const long MinSpanUs = 100_000;

    /// <summary>Packets a new estimator holds (a 500 ms window at 512 packets/s).</summary>
    public const int InitialCapacity = 256;

    /// <summary>The most packets the ring grows to (a 500 ms window at 4,096 packets/s).</summary>
    public const int MaxCapacity = 2048;

    private long[] _arrivalUs = new long[InitialCapacity];
    private int[] _sizes = new int[InitialCapacity];
    private bool _overflowed;
    private int _head;
    private int _count;
    private long _bytes;

    /// <summary>The acknowledged bitrate in bit/s; 0 until a span of <see cref="MinSpanUs"/> was observed.</summary>
    public long BitrateBps { get; private set; }

    /// <summary>Packets the ring holds now.</summary>
    public int Capacity => _sizes.Length;

    /// <summary>Adds one acknowledged packet (arrivals in feedback order).</summary>
    public void OnAcknowledged(long arrivalUs, int size)
    {
        if (_count == Capacity)
        {
            _overflowed |= arrivalUs - _arrivalUs[_head] <= WindowUs;
            RemoveOldest();
        }

        int tail = (_head + _count) % Capacity;
        _arrivalUs[tail] = arrivalUs;
        _sizes[tail] = size;
        _count++;
        _bytes += size;
        while (_count > 1 && arrivalUs - _arrivalUs[_head] > WindowUs)
        {
            RemoveOldest();
        }

        long spanUs = arrivalUs - _arrivalUs[_head];
        if (_count > 1 && spanUs >= MinSpanUs)
        {
            // The oldest packet's bytes arrived at the span's start: they do not count towards its rate.
            BitrateBps = (_bytes - _sizes[_head]) * 8 * 1_000_000 / spanUs;
        }
    }

    /// <summary>
    /// Doubles the ring (up to <see cref="MaxCapacity"/>) when it overflowed since the last call: the owner's tick, never
    /// per packet, since growing allocates. Returns true when it grew.
    /// </summary>
    public bool Maintain()
    {
        if (!_overflowed || Capacity >= MaxCapacity)
        {
            _overflowed = false;
            return false;
        }

        _overflowed = false;
        int capacity = Capacity * 2;
        var arrivals = new long[capacity];
        var sizes = new int[capacity];
        for (int i = 0; i < _count; i++)
        {
            int from = (_head + i) % Capacity;
            arrivals[i] = _arrivalUs[from];
            sizes[i] = _sizes[from];
        }

        _arrivalUs = arrivals;
        _sizes = sizes;
        _head = 0;
        return true;
    }

    private void RemoveOldest()
    {
        _bytes -= _sizes[_head];
        _head = (_head + 1) % Capacity;
        _count--;
    }
}
