using Sfu.Core.Bwe;

namespace Sfu.Core.Tests.Bwe;

public class DelayBasedDetectionTests
{
    [Fact]
    public void PacketsAreGroupedInto5MsBurstsAndDeltasTakenBetweenGroupEnds()
    {
        var grouper = new PacketGrouper();
        Assert.False(grouper.Add(0, 100_000, out _, out _, out _));
        Assert.False(grouper.Add(4_000, 104_500, out _, out _, out _));      // same burst
        Assert.False(grouper.Add(10_000, 111_000, out _, out _, out _));     // second group starts: no predecessor yet
        Assert.False(grouper.Add(12_000, 113_000, out _, out _, out _));
        Assert.True(grouper.Add(20_000, 125_000, out long send, out long arrival, out long at)); // completes group 2

        Assert.Equal((8_000, 8_500, 113_000), (send, arrival, at)); // 12,000 − 4,000 and 113,000 − 104,500
    }

    [Fact]
    public void TheTrendIsFlatForAConstantDelayAndRisesWhenAQueueBuilds()
    {
        var flat = new TrendlineEstimator();
        var growing = new TrendlineEstimator();
        for (int i = 0; i < 40; i++)
        {
            flat.Update(10, 10, i * 10);
            growing.Update(10, 12, i * 12); // every group 2 ms later than sent: a queue builds
        }

        Assert.Equal(0, flat.ModifiedTrend, 6);
        Assert.True(growing.Slope > 0.05, $"slope {growing.Slope}");
        Assert.True(growing.ModifiedTrend > 12.5);
    }

    [Fact]
    public void OveruseNeedsTheTrendAboveTheThresholdForMoreThan10Ms()
    {
        var detector = new OveruseDetector();
        Assert.Equal(BandwidthUsage.Normal, detector.Detect(20, 5, 0));      // 2.5 ms over
        Assert.Equal(BandwidthUsage.Normal, detector.Detect(21, 5, 5));      // 7.5 ms
        Assert.Equal(BandwidthUsage.Overusing, detector.Detect(22, 5, 10));  // 12.5 ms, rising
        Assert.Equal(BandwidthUsage.Underusing, detector.Detect(-30, 5, 15));
        Assert.Equal(BandwidthUsage.Normal, detector.Detect(0, 5, 20));
    }

    [Fact]
    public void TheThresholdAdaptsTowardsTheTrendWithinBounds()
    {
        var detector = new OveruseDetector();
        for (int i = 0; i < 2_000; i++)
        {
            detector.Detect(1, 5, i * 5);
        }

        Assert.Equal(6, detector.Threshold, 3); // shrinks towards small trends, down to the minimum

        for (int i = 0; i < 2_000; i++)
        {
            detector.Detect(detector.Threshold + 10, 5, 10_000 + (i * 5));
        }

        Assert.True(detector.Threshold > 100, $"threshold {detector.Threshold}"); // grows slowly with persistent large trends
    }

    [Fact]
    public void TheAcknowledgedBitrateIsTheRateOfArrivalsOverTheWindow()
    {
        var acknowledged = new AcknowledgedBitrateEstimator();
        for (int i = 0; i <= 300; i++)
        {
            acknowledged.OnAcknowledged(i * 4_000L, 1_000); // 1,000 bytes every 4 ms = 2 Mbit/s
        }

        Assert.Equal(2_000_000, acknowledged.BitrateBps);
    }

    [Fact]
    public void AimdDecreasesToBetaTimesTheAcknowledgedRateAndHoldsOnUnderuse()
    {
        var aimd = new AimdRateController(2_000_000, 30_000, 20_000_000);
        aimd.Update(BandwidthUsage.Overusing, 1_000_000, true, 0);
        Assert.Equal(850_000, aimd.RateBps);

        aimd.Update(BandwidthUsage.Underusing, 1_000_000, true, 1_000_000);
        Assert.Equal(850_000, aimd.RateBps);

        aimd.Update(BandwidthUsage.Normal, 1_000_000, allowIncrease: false, 2_000_000);
        Assert.Equal(850_000, aimd.RateBps);

        aimd.Update(BandwidthUsage.Normal, 1_000_000, true, 3_000_000);
        Assert.True(aimd.RateBps > 850_000);
    }
}
