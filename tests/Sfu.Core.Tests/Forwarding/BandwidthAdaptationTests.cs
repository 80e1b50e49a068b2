using Sfu.Core.Bwe;
using Sfu.Core.Diagnostics;
using Sfu.Core.Forwarding;

namespace Sfu.Core.Tests.Forwarding;

/// <summary>
/// The forwarding core wired to bandwidth estimation, in a closed loop without sockets: a three-layer VP8 publisher,
/// one subscriber behind a rate-limited link whose transport-wide-cc feedback goes back to the router every 50 ms.
/// </summary>
public class BandwidthAdaptationTests
{
    [Fact]
    public void TheSubscriberFollowsItsLinkDownToTheLowLayerAndBackUpWithOneContinuousStream()
    {
        using var metrics = new MediaMetrics();
        var loop = new SimulcastLoop(metrics, linkBps: 2_500_000);
        DownTrack video = loop.Video;

        // Before any feedback nothing limits the down-track.
        loop.Run(TimeSpan.FromMilliseconds(40));
        Assert.Null(video.AllocatedLayer);
        Assert.Null(video.BandwidthEstimateBps);

        // 2.5 Mbit/s: the top layer (about 1.5 Mbit/s) fits.
        loop.Run(TimeSpan.FromSeconds(8));
        Assert.True(loop.Link.FeedbackPacketsSent > 100);
        Assert.Equal(2, video.AllocatedLayer);
        Assert.Equal(2, video.CurrentLayer);
        Assert.Equal('h', loop.Link.SourceRid);
        Assert.Equal(AllocationReason.Preferred, video.AllocationReason);
        Assert.InRange(video.BandwidthEstimateBps!.Value, 1_500_000, 2_600_000);

        // 300 kbit/s: down to the 150 kbit/s layer, never paused.
        DateTimeOffset dropped = loop.Time.GetUtcNow();
        loop.Link.CapacityBps = 300_000;
        Assert.NotNull(loop.RunUntil(() => video.CurrentLayer == 0, TimeSpan.FromSeconds(3)));
        loop.Run(TimeSpan.FromSeconds(8));
        Assert.Equal(0, video.CurrentLayer);
        Assert.Equal(0, video.AllocatedLayer);
        Assert.Equal('l', loop.Link.SourceRid);
        Assert.Equal(AllocationReason.BandwidthLimited, video.AllocationReason);
        Assert.InRange(video.BandwidthEstimateBps!.Value, 150_000, 400_000);
        var down = SwitchesSince(video, dropped);
        Assert.NotEmpty(down);
        Assert.All(down, s => Assert.Equal(LayerChangeReason.BandwidthDecrease, s.Reason));
        Assert.All(down, s => Assert.True(s.To < s.From));
        Assert.Equal(0, down[^1].To);

        // Lifted: back to the top layer, through probes and the allocator's hold after a drop.
        DateTimeOffset lifted = loop.Time.GetUtcNow();
        loop.Link.CapacityBps = 2_500_000;
        Assert.NotNull(loop.RunUntil(() => video.CurrentLayer == 2, TimeSpan.FromSeconds(90)));
        Assert.Equal('h', loop.Link.SourceRid);
        Assert.Equal(1280, loop.Link.LastKeyframeWidth);
        Assert.True(video.BandwidthEstimateBps > 1_500_000, $"estimate {video.BandwidthEstimateBps}");
        var up = SwitchesSince(video, lifted);
        Assert.NotEmpty(up);
        Assert.All(up, s => Assert.Equal(LayerChangeReason.BandwidthIncrease, s.Reason));
        Assert.All(up, s => Assert.True(s.To > s.From));
        Assert.True(loop.Link.ProbePaddingPackets > 0, "the climb back is found by probing");

        // One stream for the decoder through every switch: no gap, no step back, one picture after the other.
        BottleneckLink link = loop.Link;
        Assert.True(link.SourceChanges >= 4, $"{link.SourceChanges} source changes");
        Assert.Equal(0, link.SwitchesNotAtKeyframe);
        Assert.Equal(0, link.SequenceGaps);
        Assert.Equal(0, link.TimestampRegressions);
        Assert.Equal(0, link.PictureIdBreaks);
        Assert.Equal(0, link.Tl0PicIdxBreaks);
        Assert.Equal(SimulcastPublisher.FrameTimestampStep, link.MaxFrameTimestampStep); // each switch continues one frame on
        Assert.True(link.LongestFrameGap < TimeSpan.FromMilliseconds(100), $"a {link.LongestFrameGap} freeze");
        Assert.False(video.PausedByAllocator);
    }

    /// <summary>The switches recorded after <paramref name="since"/>, oldest first.</summary>
    internal static List<LayerSwitchRecord> SwitchesSince(DownTrack downTrack, DateTimeOffset since) =>
        downTrack.RecentLayerSwitches().Where(s => s.At >= since).ToList();
}
