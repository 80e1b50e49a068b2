using Sfu.Core.Bwe;

namespace Sfu.Core.Tests.Bwe;

public class SendSideBandwidthEstimatorTests
{
    private const long Second = 1_000_000;

    [Fact]
    public void RampsUpWhenSendingBelowCapacity()
    {
        var estimator = new SendSideBandwidthEstimator(new BandwidthEstimatorSettings { InitialBps = 300_000 });
        var network = new BottleneckSimulator(estimator, capacityBps: 5_000_000);

        network.Run(5 * Second);
        long after5 = estimator.EstimateBps;
        network.Run(15 * Second);

        Assert.True(after5 > 330_000, $"after 5 s: {after5}");
        Assert.True(estimator.EstimateBps > 1_000_000, $"after 20 s: {estimator.EstimateBps}");
        Assert.True(estimator.EstimateBps > after5);
        Assert.False(network.SawOveruse);
        Assert.InRange(estimator.AcknowledgedBps, 600_000, 5_000_000);
    }

    [Fact]
    public void QueueBuildingIsDetectedAndTheEstimateDropsBelowCapacity()
    {
        var estimator = new SendSideBandwidthEstimator(new BandwidthEstimatorSettings { InitialBps = 3_000_000 });
        var network = new BottleneckSimulator(estimator, capacityBps: 1_000_000);

        network.Run(3 * Second);

        Assert.True(network.SawOveruse);
        Assert.True(estimator.EstimateBps < 1_000_000, $"estimate {estimator.EstimateBps}");

        network.Run(20 * Second);
        Assert.InRange(estimator.EstimateBps, 500_000, 1_300_000);
    }

    [Fact]
    public void CapacityDropIsFollowedAndRecoveryClimbsBack()
    {
        var estimator = new SendSideBandwidthEstimator(new BandwidthEstimatorSettings { InitialBps = 1_500_000 });
        var network = new BottleneckSimulator(estimator, capacityBps: 4_000_000);
        network.Run(10 * Second);
        long before = estimator.EstimateBps;

        network.CapacityBps = 800_000;
        network.Run(5 * Second);
        long dropped = estimator.EstimateBps;

        network.CapacityBps = 4_000_000;
        network.Run(30 * Second);

        Assert.True(before > 1_500_000, $"before {before}");
        Assert.True(dropped < 800_000, $"after the drop {dropped}");
        Assert.True(estimator.EstimateBps > 1_500_000, $"recovered {estimator.EstimateBps}");
    }

    [Fact]
    public void HeavyRandomLossDecreasesTheEstimateAndItRecoversAfterwards()
    {
        var estimator = new SendSideBandwidthEstimator(new BandwidthEstimatorSettings { InitialBps = 2_000_000 });
        var network = new BottleneckSimulator(estimator, capacityBps: 20_000_000) { LossRate = 0.15 };

        network.Run(5 * Second);
        long lossy = estimator.EstimateBps;
        Assert.InRange(estimator.LossFraction, 0.08, 0.25);
        Assert.True(lossy < 1_000_000, $"with 15 % loss: {lossy}");

        network.LossRate = 0;
        network.Run(15 * Second);
        Assert.True(estimator.EstimateBps > 2 * lossy, $"recovered {estimator.EstimateBps} from {lossy}");
    }

    [Fact]
    public void ModerateLossHoldsTheEstimate()
    {
        var estimator = new SendSideBandwidthEstimator(new BandwidthEstimatorSettings { InitialBps = 1_000_000 });
        var network = new BottleneckSimulator(estimator, capacityBps: 20_000_000) { LossRate = 0.05 };

        network.Run(10 * Second);

        Assert.InRange(estimator.LossFraction, 0.02, 0.10);
        Assert.InRange(estimator.EstimateBps, 800_000, 1_100_000);
    }

    [Fact]
    public void RembIsTheEstimateWithoutTransportFeedbackAndACapWithIt()
    {
        var estimator = new SendSideBandwidthEstimator();
        estimator.OnRemb(800_000);
        Assert.Equal(800_000, estimator.EstimateBps);
        estimator.OnRemb(1_000);
        Assert.Equal(30_000, estimator.EstimateBps); // the minimum
        estimator.OnRemb(2_500_000);
        Assert.Equal(2_500_000, estimator.EstimateBps);
        Assert.False(estimator.HasTransportFeedback);

        var network = new BottleneckSimulator(estimator, capacityBps: 10_000_000);
        network.Run(2 * Second);
        estimator.OnRemb(400_000);
        Assert.True(estimator.HasTransportFeedback);
        Assert.Equal(400_000, estimator.EstimateBps);
    }

    [Fact]
    public void SuccessfulProbeRaisesTheEstimate()
    {
        var estimator = new SendSideBandwidthEstimator(new BandwidthEstimatorSettings { InitialBps = 400_000 });
        var network = new BottleneckSimulator(estimator, capacityBps: 5_000_000) { FixedSendBps = 300_000 };
        network.Run(2 * Second);
        long before = estimator.EstimateBps;

        Assert.True(estimator.RequestProbe(2_000_000, network.NowUs));
        network.Run(1 * Second);

        Assert.Equal(1, estimator.Probes.Succeeded);
        Assert.InRange(estimator.LastProbeResultBps, 1_600_000, 2_100_000);
        Assert.True(estimator.EstimateBps >= 1_600_000, $"before {before}, after {estimator.EstimateBps}");
    }

    [Fact]
    public void ProbeAboveCapacityMeasuresTheCapacity()
    {
        var estimator = new SendSideBandwidthEstimator(new BandwidthEstimatorSettings { InitialBps = 400_000 });
        var network = new BottleneckSimulator(estimator, capacityBps: 1_000_000) { FixedSendBps = 300_000 };
        network.Run(2 * Second);

        Assert.True(estimator.RequestProbe(4_000_000, network.NowUs));
        network.Run(2 * Second);

        Assert.Equal(1, estimator.Probes.Succeeded);
        Assert.InRange(estimator.LastProbeResultBps, 500_000, 1_100_000);
        Assert.True(estimator.EstimateBps <= 1_100_000, $"after {estimator.EstimateBps}");
    }

    [Fact]
    public void FeedbackThatIsMalformedOrAboutUnknownPacketsChangesNothing()
    {
        var estimator = new SendSideBandwidthEstimator();
        Assert.NotEqual(Sfu.Core.Rtcp.RtcpParseError.None, estimator.OnTransportFeedback(new byte[] { 0x8F, 205, 0, 1, 0, 0 }, 0));
        Assert.False(estimator.HasTransportFeedback);
        Assert.Equal(500_000, estimator.EstimateBps);
    }
}
