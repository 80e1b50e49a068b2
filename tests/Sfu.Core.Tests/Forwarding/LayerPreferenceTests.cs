using Sfu.Core.Bwe;
using Sfu.Core.Diagnostics;
using Sfu.Core.Forwarding;

namespace Sfu.Core.Tests.Forwarding;

/// <summary>
/// A subscriber's layer preference (maximum layer or resolution) moves the down-track at the wanted layer's keyframe,
/// which is asked for at once; with or without a bandwidth allocator following it. The publisher sends keyframes only
/// when asked, so every switch here depends on that PLI.
/// </summary>
public class LayerPreferenceTests
{
    private const int Low = 2;    // rid order h, m, l
    private const int Medium = 1;
    private const int High = 0;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void PreferencesMoveTheLayerAtTheWantedLayersKeyframeForThePreferencesReason(bool bandwidthFeedback)
    {
        using var metrics = new MediaMetrics();
        var loop = new SimulcastLoop(metrics, linkBps: 2_500_000);
        loop.Link.SendsFeedback = bandwidthFeedback;
        DownTrack video = loop.Video;
        loop.Run(TimeSpan.FromSeconds(3));
        Assert.Equal(2, video.CurrentLayer);
        Assert.Equal(bandwidthFeedback ? 2 : null, video.AllocatedLayer);

        // The smallest tile: layer 0, asked of the low layer's SSRC at once.
        int lowPlis = loop.Publisher.PlisReceived[Low];
        video.SetPreferredLayers(0, null, null);
        Assert.Equal(lowPlis + 1, loop.Publisher.PlisReceived[Low]);
        Assert.Equal(2, video.CurrentLayer); // the top layer flows until the low layer's keyframe
        AssertSwitchesTo(loop, 0, 'l', 320);
        Assert.Equal(new SpatialLayer(0), video.PreferenceCeiling);

        // A 640x360 tile: the lowest layer that covers it is the medium one.
        int mediumPlis = loop.Publisher.PlisReceived[Medium];
        video.SetPreferredLayers(null, 640, 360);
        Assert.Equal((640, 360), loop.Track.FrameSizeOf(1));
        AssertSwitchesTo(loop, 1, 'm', 640);
        Assert.True(loop.Publisher.PlisReceived[Medium] > mediumPlis);

        // No limit: back to the top.
        int highPlis = loop.Publisher.PlisReceived[High];
        video.SetPreferredLayers(null, null, null);
        AssertSwitchesTo(loop, 2, 'h', 1280);
        Assert.True(loop.Publisher.PlisReceived[High] > highPlis);
        if (bandwidthFeedback)
        {
            Assert.Equal(2, video.AllocatedLayer);
            Assert.Equal(AllocationReason.Preferred, video.AllocationReason);
        }

        Assert.Equal(0, loop.Link.SwitchesNotAtKeyframe);
        Assert.Equal(0, loop.Link.SequenceGaps);
        Assert.Equal(0, loop.Link.TimestampRegressions);
        Assert.Equal(0, loop.Link.PictureIdBreaks);
        Assert.True(loop.Link.LongestFrameGap < TimeSpan.FromMilliseconds(100), $"a {loop.Link.LongestFrameGap} freeze");
    }

    /// <summary>
    /// Runs until the down-track forwards <paramref name="layer"/>: within a few frames (the keyframe follows the PLI),
    /// from the publisher layer <paramref name="rid"/>, starting with a keyframe of <paramref name="width"/>, recorded
    /// as one switch for the preference.
    /// </summary>
    private static void AssertSwitchesTo(SimulcastLoop loop, int layer, char rid, int width)
    {
        DateTimeOffset since = loop.Time.GetUtcNow();
        int from = loop.Video.CurrentLayer;
        Assert.NotNull(loop.RunUntil(() => loop.Video.CurrentLayer == layer, TimeSpan.FromMilliseconds(400)));
        loop.Run(TimeSpan.FromSeconds(1)); // the allocator follows (and stays)
        Assert.Equal(layer, loop.Video.CurrentLayer);
        Assert.Equal(rid, loop.Link.SourceRid);
        Assert.Equal(width, loop.Link.LastKeyframeWidth);
        var switches = BandwidthAdaptationTests.SwitchesSince(loop.Video, since);
        Assert.Equal([new LayerSwitchRecord(switches[0].At, from, layer, LayerChangeReason.Preference)], switches);
    }
}
