namespace Sfu.Server.Metrics;

/// <summary>
/// A histogram's buckets (per bucket, not cumulative; the last one is above every bound) and sum.
/// The count is the buckets' total when written, so <c>_count</c> always equals the <c>+Inf</c> bucket.
/// </summary>
internal sealed class HistogramSeries : Series
{
    private readonly double[] _bounds;
    private readonly long[] _buckets;
    private double _sum;

    public HistogramSeries(string labels, double[] bounds) : base(labels)
    {
        _bounds = bounds;
        _buckets = new long[bounds.Length + 1];
    }

    public double Sum => Volatile.Read(ref _sum);

    public void Record(double value)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        // Upper bounds are inclusive (le): the first bound >= value.
        int index = Array.BinarySearch(_bounds, value);
        if (index < 0)
        {
            index = ~index;
        }

        Interlocked.Increment(ref _buckets[index]);
        double current = Volatile.Read(ref _sum);
        while (true)
        {
            double seen = Interlocked.CompareExchange(ref _sum, current + value, current);
            if (BitConverter.DoubleToInt64Bits(seen) == BitConverter.DoubleToInt64Bits(current))
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>Copies the per-bucket counts (length: bounds + 1).</summary>
    public void CopyBuckets(Span<long> destination)
    {
        for (int i = 0; i < _buckets.Length; i++)
        {
            destination[i] = Volatile.Read(ref _buckets[i]);
        }
    }
}
