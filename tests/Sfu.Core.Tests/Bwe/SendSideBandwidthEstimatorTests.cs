using Sfu.Core.Bwe;

namespace Sfu.Core.Tests.Bwe;

[Collection(AllocationCollection.Name)]
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
        var network = new BottleneckSimulator(estimator, capacityBps: 4_000_000, firstSequence: 60_000); // the 16-bit wrap on the way
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

        // It fell short of its target: the path is full, the next probe waits 5 s (then 10, 20 ..).
        Assert.False(estimator.RequestProbe(4_000_000, network.NowUs + 3_000_000));
        Assert.True(estimator.RequestProbe(4_000_000, network.NowUs + 5_000_000));
    }

    [Fact]
    public void FeedbackThatIsMalformedOrAboutUnknownPacketsChangesNothing()
    {
        var estimator = new SendSideBandwidthEstimator();
        Assert.NotEqual(Sfu.Core.Rtcp.RtcpParseError.None, estimator.OnTransportFeedback(new byte[] { 0x8F, 205, 0, 1, 0, 0 }, 0));
        Assert.False(estimator.HasTransportFeedback);
        Assert.Equal(500_000, estimator.EstimateBps);
    }

    [Fact]
    public void AFailedProbeBacksOff()
    {
        var estimator = new SendSideBandwidthEstimator();
        Assert.True(estimator.RequestProbe(2_000_000, 0));
        Assert.False(estimator.RequestProbe(2_000_000, 10_000)); // one at a time
        Assert.True(estimator.Probes.PaddingBytesDue(75_000) > 0);

        // No feedback at all: the cluster fails a second after it ended, and no probe starts for 5 s.
        Assert.Equal(0, estimator.Probes.PaddingBytesDue(1_200_000));
        Assert.False(estimator.Probes.IsActive);
        Assert.Equal(1, estimator.Probes.Failed);
        Assert.False(estimator.RequestProbe(2_000_000, 3_000_000));
        Assert.True(estimator.RequestProbe(2_000_000, 6_300_000));
        Assert.Equal(500_000, estimator.EstimateBps);
    }

    [Fact]
    public void ProbePaddingFollowsTheTargetRateForTheClusterDuration()
    {
        var probes = new ProbeController();
        Assert.True(probes.TryStart(1_600_000, 1_000_000)); // 200 bytes per ms
        Assert.Equal(2_000, probes.PaddingBytesDue(1_010_000));
        probes.OnPacketSent(1_200, isProbe: true, 1_010_000);
        Assert.Equal(800, probes.PaddingBytesDue(1_010_000));
        Assert.Equal((30_000) - 1_200, probes.PaddingBytesDue(1_400_000)); // capped at the 150 ms duration
    }

    [Fact]
    public void FeedbackProcessingDoesNotAllocate()
    {
        const int PerFeedback = 50;
        const int Rounds = 1_400; // 70,000 packets: the 16-bit sequence wraps
        var feedback = new byte[Rounds][];
        var arrivals = new Sfu.Core.Rtcp.TransportWideCcArrival[PerFeedback];
        var buffer = new byte[1500];
        for (int round = 0; round < Rounds; round++)
        {
            int count = 0;
            for (int i = 0; i < PerFeedback; i++)
            {
                long sequence = (round * PerFeedback) + i;
                if (sequence % 37 != 0)
                {
                    arrivals[count++] = new(sequence, (sequence * 2_000) + 30_000 + (sequence % 7 * 250));
                }
            }

            int length = Sfu.Core.Rtcp.TransportWideCcFeedbackBuilder.Build(buffer, 1, 2, (byte)round, round * (long)PerFeedback, arrivals.AsSpan(0, count), 1500, out _, out _);
            feedback[round] = buffer.AsSpan(0, length).ToArray();
        }

        var estimator = new SendSideBandwidthEstimator();
        int errors = Run(estimator, feedback, 0, 200, PerFeedback); // warm up
        using var noGc = AllocationMeter.NoGcRegion();
        long before = GC.GetAllocatedBytesForCurrentThread();
        errors += Run(estimator, feedback, 200, Rounds, PerFeedback);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(0, errors);
        Assert.Equal(Rounds, estimator.FeedbackCount);
        Assert.Equal(0, estimator.UnmatchedFeedbackCount);
        Assert.InRange(estimator.LossFraction, 0.01, 0.04); // 1 in 37
    }

    private static int Run(SendSideBandwidthEstimator estimator, byte[][] feedback, int from, int to, int perFeedback)
    {
        int errors = 0;
        for (int round = from; round < to; round++)
        {
            for (int i = 0; i < perFeedback; i++)
            {
                long sequence = (round * perFeedback) + i;
                estimator.OnPacketSent((ushort)sequence, 1_200, sequence * 2_000, isProbe: false);
            }

            if (estimator.OnTransportFeedback(feedback[round], ((round + 1) * perFeedback * 2_000L) + 50_000) != Sfu.Core.Rtcp.RtcpParseError.None)
            {
                errors++;
            }
        }

        return errors;
    }
}
