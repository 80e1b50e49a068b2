using Sfu.Core.Bwe;
using Sfu.Core.Forwarding;

namespace Sfu.Core.Tests.Bwe;

/// <summary>
/// The estimator, the probe controller and the allocator in a closed loop over a generated bottleneck, wired the way
/// a subscriber's transport would: every 100 ms allocate at the estimate, send what was allocated, probe when an
/// upgrade is blocked by the estimate.
/// </summary>
public class EstimatorAllocatorLoopTests
{
    private const long Step = 100_000;

    [Fact]
    public void LayersClimbToWhatTheLinkCarriesAndFallWhenItShrinks()
    {
        var estimator = new SendSideBandwidthEstimator(new BandwidthEstimatorSettings { InitialBps = 300_000 });
        var allocator = new StreamAllocator(4);
        int screen = allocator.AddTrack(MediaKind.Video, TrackSource.ScreenShare, 3);
        int cameraA = allocator.AddTrack(MediaKind.Video, TrackSource.Camera, 3);
        int cameraB = allocator.AddTrack(MediaKind.Video, TrackSource.Camera, 3);
        var network = new BottleneckSimulator(estimator, capacityBps: 3_000_000);
        int probes = 0;

        void RunFor(long durationUs)
        {
            for (long t = 0; t < durationUs; t += Step)
            {
                allocator.Allocate(estimator.EstimateBps, network.NowUs);
                if (allocator.ProbeGoalBps > estimator.EstimateBps && estimator.RequestProbe(allocator.ProbeGoalBps * 5 / 4, network.NowUs))
                {
                    probes++;
                }

                network.FixedSendBps = Math.Max(allocator.AllocatedBps, 30_000);
                network.Run(Step);
            }
        }

        // 3 × 150k, the screen to 1.5M, both cameras to 500k: 2.5M; the cameras' top layers (+1M each) never fit.
        RunFor(30_000_000);
        Assert.Equal((2, 1, 1), (allocator.TargetLayer(screen), allocator.TargetLayer(cameraA), allocator.TargetLayer(cameraB)));
        Assert.True(probes > 0);
        Assert.True(estimator.EstimateBps >= 2_500_000, $"estimate {estimator.EstimateBps}");

        // The link shrinks to 1 Mbit/s: the cameras fall to their lowest layers, the screen share keeps more.
        network.CapacityBps = 1_000_000;
        RunFor(10_000_000);
        // What is sent fits the link again (the estimate itself may float above it while the sender is app-limited).
        Assert.Equal((0, 0), (allocator.TargetLayer(cameraA), allocator.TargetLayer(cameraB)));
        Assert.True(allocator.TargetLayer(screen) >= 1);
        Assert.InRange(allocator.AllocatedBps, 700_000, 1_000_000);
    }
}
