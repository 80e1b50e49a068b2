using System.Numerics;

namespace Sfu.Load.Data;

/// <summary>
/// Latencies in microseconds, counted in buckets of about 1.5 % width (exact below 128 µs): recording allocates
/// nothing and costs a few instructions, and percentiles come out within that precision. One writer (the media loop
/// that owns it); readers copy <see cref="Counts"/> (a torn read skews one bucket by one, harmless for a report).
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>Exact buckets for 0-127 µs, then 64 per power of two up to 2^40 µs.</summary>
    public const int BucketCount = 128 + 34 * 64;

    private readonly long[] _counts = new long[BucketCount];

    /// <summary>The bucket counts (the live array: copy it to keep a snapshot).</summary>
    public ReadOnlySpan<long> Counts => _counts;

    /// <summary>Records one latency (negative values count as 0).</summary>
    public void Record(long microseconds) => _counts[BucketOf(microseconds)]++;

    /// <summary>A copy of the counts, for a window's start.</summary>
    public long[] Snapshot() => (long[])_counts.Clone();

    /// <summary>The bucket a latency falls in.</summary>
    public static int BucketOf(long microseconds)
    {
        if (microseconds < 128)
        {
            return (int)Math.Max(0, microseconds);
        }

        int shift = Math.Min(BitOperations.Log2((ulong)microseconds) - 6, 34);
        long mantissa = Math.Min(microseconds >> shift, 127); // 64-127
        return 64 + shift * 64 + (int)(mantissa - 64);
    }

    /// <summary>The middle of a bucket's range, in microseconds.</summary>
    public static long ValueOf(int bucket)
    {
        if (bucket < 128)
        {
            return bucket;
        }

        int shift = (bucket - 64) / 64;
        long mantissa = 64 + (bucket - 64) % 64;
        return (mantissa << shift) + (1L << shift) / 2;
    }

    /// <summary>
    /// The <paramref name="quantile"/> (0-1) of the counts, in microseconds; -1 when they are empty. The counts are
    /// usually a window's: a sum over receivers minus the same at the window's start.
    /// </summary>
    public static long Percentile(ReadOnlySpan<long> counts, double quantile)
    {
        long total = 0;
        foreach (long c in counts)
        {
            total += c;
        }

        if (total == 0)
        {
            return -1;
        }

        long rank = Math.Max(1, (long)Math.Ceiling(quantile * total));
        long seen = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return ValueOf(i);
            }
        }

        return ValueOf(counts.Length - 1);
    }
}
