using System.Diagnostics.Metrics;

namespace Sfu.Server.Metrics;

/// <summary>Bucket bounds of a histogram: the instrument's advice when it gives some, else defaults by unit.</summary>
public static class HistogramBuckets
{
    /// <summary>Prometheus's default buckets, for durations in seconds.</summary>
    public static readonly IReadOnlyList<double> Seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>The same in milliseconds.</summary>
    public static readonly IReadOnlyList<double> Milliseconds = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

    /// <summary>For any other unit (sizes, counts).</summary>
    public static readonly IReadOnlyList<double> General = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    /// <summary>The bounds for a histogram instrument: sorted, distinct, finite.</summary>
    public static double[] For(Instrument instrument)
    {
        var advised = Advice(instrument);
        if (advised is not null)
        {
            var clean = Clean(advised);
            if (clean.Length > 0)
            {
                return clean;
            }
        }

        return Clean(instrument.Unit switch
        {
            "s" => Seconds,
            "ms" => Milliseconds,
            _ => General,
        });
    }

    private static double[] Clean(IEnumerable<double> bounds) =>
        bounds.Where(double.IsFinite).Distinct().Order().ToArray();

    private static IEnumerable<double>? Advice(Instrument instrument) => instrument switch
    {
        Histogram<double> h => h.Advice?.HistogramBucketBoundaries,
        Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
        Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
        Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
        Histogram<short> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
        Histogram<byte> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
        Histogram<decimal> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
        _ => null,
    };
}
