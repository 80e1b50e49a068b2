using Sfu.Core.Bwe;

namespace Sfu.Core.Tests.Bwe;

public class AcknowledgedBitrateEstimatorTests
{
    [Theory]
    [InlineData(200, AcknowledgedBitrateEstimator.InitialCapacity)] // 100 packets in the 500 ms window
    [InlineData(2_000, 1024)]                                        // 1,000 packets in the window
    [InlineData(20_000, AcknowledgedBitrateEstimator.MaxCapacity)]
    public void TheWindowGrowsOnTheTickToThePacketRateAndMeasuresIt(int packetsPerSecond, int expectedCapacity)
    {
        var estimator = new AcknowledgedBitrateEstimator();
        long intervalUs = 1_000_000 / packetsPerSecond;
        long arrivalUs = 0;
        for (int i = 0; i < packetsPerSecond * 2; i++)
        {
            arrivalUs += intervalUs;
            estimator.OnAcknowledged(arrivalUs, 1_000);
            if (i % Math.Max(1, packetsPerSecond / 100) == 0)
            {
                estimator.Maintain(); // every 10 ms
            }
        }

        Assert.Equal(expectedCapacity, estimator.Capacity);
        long expectedBps = packetsPerSecond * 8_000L;
        Assert.InRange(estimator.BitrateBps, expectedBps * 95 / 100, expectedBps * 105 / 100);
    }
}
