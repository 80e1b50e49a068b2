using Sfu.Load.Data;

namespace Sfu.Load.Tests.Data;

/// <summary>The latency buckets: exact below 128 µs, within about 1.6 % above, percentiles by rank.</summary>
public sealed class LatencyHistogramTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(127L)]
    [InlineData(128L)]
    [InlineData(1_000L)]
    [InlineData(12_345L)]
    [InlineData(5_000_000L)]
    [InlineData(1L << 39)]
    public void ABucketsValueIsWithinTwoPercentOfWhatFellInIt(long microseconds)
    {
        int bucket = LatencyHistogram.BucketOf(microseconds);
        Assert.InRange(bucket, 0, LatencyHistogram.BucketCount - 1);
        Assert.InRange(LatencyHistogram.ValueOf(bucket), microseconds * 0.98, microseconds * 1.02 + 1);
    }

    [Fact]
    public void BucketsGrowWithTheValueAndNegativeLatenciesCountAsZero()
    {
        int previous = -1;
        for (long v = 0; v < 1_000_000; v += 37)
        {
            int bucket = LatencyHistogram.BucketOf(v);
            Assert.True(bucket >= previous, $"{v} µs fell in bucket {bucket} below {previous}");
            previous = bucket;
        }

        Assert.Equal(0, LatencyHistogram.BucketOf(-5));
        Assert.Equal(LatencyHistogram.BucketCount - 1, LatencyHistogram.BucketOf(long.MaxValue));
    }

    [Fact]
    public void PercentilesAreByRank()
    {
        var histogram = new LatencyHistogram();
        Assert.Equal(-1, LatencyHistogram.Percentile(histogram.Counts, 0.5));
        for (int i = 1; i <= 100; i++)
        {
            histogram.Record(i);
        }

        Assert.Equal(50, LatencyHistogram.Percentile(histogram.Counts, 0.5));
        Assert.Equal(95, LatencyHistogram.Percentile(histogram.Counts, 0.95));
        Assert.Equal(100, LatencyHistogram.Percentile(histogram.Counts, 1.0));
    }
}
