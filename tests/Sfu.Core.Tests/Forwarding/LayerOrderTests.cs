using Sfu.Core.Diagnostics;
using Sfu.Core.Forwarding;

namespace Sfu.Core.Tests.Forwarding;

/// <summary>
/// The spatial order of simulcast layers comes from the frame sizes in their VP8 keyframes once all are known, whatever
/// the rid order; until then the rids are taken as listed highest first.
/// </summary>
public class LayerOrderTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RidsListedLowestFirstAreReorderedByTheirKeyframeSizesAndTheTopLayerIsForwarded(bool bandwidthFeedback)
    {
        using var metrics = new MediaMetrics();
        var loop = new SimulcastLoop(metrics, SimulcastLayerSpec.LowestFirst, linkBps: 2_500_000);
        loop.Link.SendsFeedback = bandwidthFeedback;
        PublishedTrack track = loop.Track;
        DownTrack video = loop.Video;
        Assert.Equal(["l", "m", "h"], track.Layers.Select(l => l.Rid));

        // Only the first listed layer ("l") is sent at first: taken as the top one, it is forwarded as layer 2.
        loop.Publisher.LayerEnabled[1] = false;
        loop.Publisher.LayerEnabled[2] = false;
        loop.Run(TimeSpan.FromSeconds(1));
        Assert.Equal(2, track.QualityOf(0));
        Assert.Equal(2, video.CurrentLayer);
        Assert.Equal('l', loop.Link.SourceRid);

        // The other layers start with keyframes: every size is known, the order flips, the down-track follows the real top.
        DateTimeOffset started = loop.Time.GetUtcNow();
        loop.Publisher.LayerEnabled[1] = true;
        loop.Publisher.LayerEnabled[2] = true;
        Assert.NotNull(loop.RunUntil(() => loop.Link.SourceRid == 'h', TimeSpan.FromSeconds(20)));
        loop.Run(TimeSpan.FromSeconds(2));
        Assert.Equal([0, 1, 2], track.Layers.Select((_, i) => track.QualityOf(i)));
        Assert.Equal("h", track.LayerByQuality(2).Rid);
        Assert.Equal("l", track.LayerByQuality(0).Rid);
        Assert.Equal((1280, 720), track.FrameSizeOf(2));
        Assert.Equal((640, 360), track.FrameSizeOf(1));
        Assert.Equal((320, 180), track.FrameSizeOf(0));
        Assert.Equal(2, video.CurrentLayer);
        Assert.Equal(2, video.TargetLayer);
        Assert.Equal('h', loop.Link.SourceRid);
        Assert.Equal(1280, loop.Link.LastKeyframeWidth);
        var switches = BandwidthAdaptationTests.SwitchesSince(video, started);
        Assert.Equal([new LayerSwitchRecord(switches[0].At, 0, 2, LayerChangeReason.LayerAvailable)], switches);
        Assert.Equal(0, loop.Link.SwitchesNotAtKeyframe);
        Assert.Equal(0, loop.Link.SequenceGaps);
        Assert.Equal(0, loop.Link.TimestampRegressions);
        Assert.Equal(0, loop.Link.PictureIdBreaks);

        // The preference maps onto the real order too: 320 wide is the "l" layer.
        video.SetPreferredLayers(null, 320, 180);
        Assert.NotNull(loop.RunUntil(() => loop.Link.SourceRid == 'l', TimeSpan.FromSeconds(1)));
        Assert.Equal(0, video.CurrentLayer);
    }
}
