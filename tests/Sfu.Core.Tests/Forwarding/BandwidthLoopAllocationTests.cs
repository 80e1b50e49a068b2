using Sfu.Core.Diagnostics;

namespace Sfu.Core.Tests.Forwarding;

/// <summary>
/// The closed loop of <see cref="BandwidthAdaptationTests"/> — simulcast forwarding, transport-wide-cc feedback in,
/// estimation, allocation, layer switches, keyframe requests, probe padding, sender reports — allocates nothing.
/// </summary>
[Collection(AllocationCollection.Name)]
public class BandwidthLoopAllocationTests
{
    [Fact]
    public void ForwardingFeedbackEstimationAllocationSwitchesAndProbesAllocateNothing()
    {
        using var metrics = new MediaMetrics();
        var loop = new SimulcastLoop(metrics, linkBps: 2_500_000, withAudio: true);

        // Warm-up through every path once: start, a drop to the low layer, probing and the climb back.
        Cycle(loop);
        Assert.Equal(2, loop.Video.CurrentLayer);

        long packetsBefore = loop.Link.PacketsOffered;
        long feedbackBefore = loop.Link.FeedbackPacketsSent;
        long probesBefore = loop.Link.ProbePaddingPackets;
        int changesBefore = loop.Link.SourceChanges;
        long allocated;
        using (AllocationMeter.NoGcRegion())
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            Cycle(loop);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Equal(0, allocated);

        // What was measured did the work: thousands of packets, feedback, switches down and up, probes.
        Assert.Equal(2, loop.Video.CurrentLayer);
        Assert.True(loop.Link.PacketsOffered - packetsBefore > 2_500, $"{loop.Link.PacketsOffered - packetsBefore} packets");
        Assert.True(loop.Link.FeedbackPacketsSent - feedbackBefore > 150, $"{loop.Link.FeedbackPacketsSent - feedbackBefore} feedback packets");
        Assert.True(loop.Link.SourceChanges - changesBefore >= 2, $"{loop.Link.SourceChanges - changesBefore} switches");
        Assert.True(loop.Link.ProbePaddingPackets > probesBefore);
        Assert.Equal(0, loop.Link.SequenceGaps);
    }

    /// <summary>Wide for 5 s, 300 kbit/s for 5 s, wide again until the top layer is back (at most 60 s).</summary>
    private static void Cycle(SimulcastLoop loop)
    {
        loop.Link.CapacityBps = 2_500_000;
        loop.Run(TimeSpan.FromSeconds(5));
        loop.Link.CapacityBps = 300_000;
        loop.Run(TimeSpan.FromSeconds(5));
        loop.Link.CapacityBps = 2_500_000;
        for (int i = 0; i < 60 && loop.Video.CurrentLayer != 2; i++)
        {
            loop.Run(TimeSpan.FromSeconds(1));
        }
    }
}
