namespace Sfu.Core.Bwe;

/// <summary>
/// The bitrate the subscriber actually received, from transport-wide-cc feedback: the bytes of the packets acknowledged
/// within the last <see cref="WindowUs"/> of (remote) arrival time, divided by the span of those arrivals.
/// Preallocated ring; allocation-free.
/// </summary>
public sealed class AcknowledgedBitrateEstimator
{
    /// <summary>Length of the averaging window of arrival time.</summary>
    public const long WindowUs = 500_000;

    /// <summary>Shortest span of arrivals a rate is computed over.</summary>
    public const long MinSpanUs = 100_000;

    private const int Capacity = 2048;

    private readonly long[] _arrivalUs = new long[Capacity];
    private readonly int[] _sizes = new int[Capacity];
    private int _head;
    private int _count;
    private long _bytes;

    /// <summary>The acknowledged bitrate in bit/s; 0 until a span of <see cref="MinSpanUs"/> was observed.</summary>
    public long BitrateBps { get; private set; }

    /// <summary>Adds one acknowledged packet (arrivals in feedback order).</summary>
    public void OnAcknowledged(long arrivalUs, int size)
    {
        if (_count == Capacity)
        {
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

    private void RemoveOldest()
    {
        _bytes -= _sizes[_head];
        _head = (_head + 1) % Capacity;
        _count--;
    }
}
