using Sfu.Core.Diagnostics;
using Sfu.Core.Forwarding;

namespace Sfu.Core.Tests.Forwarding;

public class SimulcastTests
{
    private const uint High = 0x100;
    private const uint Medium = 0x200;
    private const uint Low = 0x300;
    private const byte HighFill = 0x0A;
    private const byte MediumFill = 0x0B;
    private const byte LowFill = 0x0C;

    [Fact]
    public void TheTopLayerIsForwardedOnceItIsLive()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var video = PublishSimulcast(h, publisher);
        var subscriber = new RecordingSink("s");
        var downTrack = h.Subscribe(video, subscriber, 0xB1);
        var layers = Layers();

        // Chromium starts the low layer first; the upper ones follow.
        Frame(h, publisher, layers, keyframe: [false, false, true], send: [false, false, true]);
        Frame(h, publisher, layers, keyframe: [false, false, false], send: [false, false, true]);
        Frame(h, publisher, layers, keyframe: [true, false, false], send: [true, false, true]);
        for (int i = 0; i < 5; i++)
        {
            Frame(h, publisher, layers, keyframe: [false, false, false], send: [true, true, true]);
        }

        var sent = subscriber.Sent;
        Assert.Equal([LowFill, LowFill, LowFill, HighFill, HighFill, HighFill, HighFill, HighFill, HighFill], sent.Select(p => p.Payload[^1]));
        Assert.All(sent, p => Assert.Equal(0xB1u, p.Ssrc));
        AssertContiguous(sent);
        AssertIncreasing(sent);
        Assert.Equal(2, downTrack.CurrentLayer); // spatial layer 2: the highest
        Assert.Equal(["h", "m", "l"], video.Layers.Select(l => l.Rid));
        Assert.Equal([High, Medium, Low], video.Layers.Select(l => l.Ssrc));
    }

    [Fact]
    public void ALateSubscriberAsksForTheTopLayerAndSettlesOnIt()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var video = PublishSimulcast(h, publisher);
        var layers = Layers();
        Frame(h, publisher, layers, keyframe: [true, true, true], send: [true, true, true]);
        Frame(h, publisher, layers, keyframe: [false, false, false], send: [true, true, true]);

        var subscriber = new RecordingSink("s");
        h.Subscribe(video, subscriber, 0xB1);

        // Nothing shown yet: it asks for the lowest layer too, whose keyframe is the smallest and comes soonest.
        Assert.Equal([Low, High], publisher.Plis);
        Frame(h, publisher, layers, keyframe: [false, false, false], send: [true, true, true]);
        Assert.Empty(subscriber.Rtp);
        Frame(h, publisher, layers, keyframe: [true, true, true], send: [true, true, true]);
        Frame(h, publisher, layers, keyframe: [false, false, false], send: [true, true, true]);

        // Nothing forwarded yet: the first keyframe at or below the target starts the picture at once (the low
        // layer's came first in this frame), and the top layer's keyframe switches up right after.
        Assert.Equal([LowFill, HighFill, HighFill], subscriber.Sent.Select(p => p.Payload[^1]));
        AssertContiguous(subscriber.Sent);
    }

    [Fact]
    public void AStalledLayerIsReplacedAtTheNextLayersKeyframe()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var video = PublishSimulcast(h, publisher);
        var layers = Layers();
        Frame(h, publisher, layers, keyframe: [true, true, true], send: [true, true, true]);
        var subscriber = new RecordingSink("s");
        var downTrack = h.Subscribe(video, subscriber, 0xB1);
        Frame(h, publisher, layers, keyframe: [true, true, true], send: [true, true, true]);
        Frame(h, publisher, layers, keyframe: [false, false, false], send: [true, true, true]);
        Assert.Equal(2, downTrack.CurrentLayer);
        publisher.Clear();

        // The top layer stops (Chromium drops it when its uplink estimate falls). For 2 s nothing replaces it.
        for (int i = 0; i < 59; i++)
        {
            Frame(h, publisher, layers, keyframe: [false, false, false], send: [false, true, true]);
        }

        Assert.Equal(3, subscriber.Rtp.Count); // the low keyframe started the picture, then the top layer's
        Assert.Empty(publisher.Plis);

        Frame(h, publisher, layers, keyframe: [false, false, false], send: [false, true, true]);
        Frame(h, publisher, layers, keyframe: [false, false, false], send: [false, true, true]);
        Assert.Equal([Medium], publisher.Plis);                    // the medium layer is wanted: ask it for a keyframe
        Assert.Equal(3, subscriber.Rtp.Count);
        Frame(h, publisher, layers, keyframe: [false, true, false], send: [false, true, true]);
        Frame(h, publisher, layers, keyframe: [false, false, false], send: [false, true, true]);

        var sent = subscriber.Sent;
        Assert.Equal([LowFill, HighFill, HighFill, MediumFill, MediumFill], sent.Select(p => p.Payload[^1]));
        Assert.Equal(1, downTrack.CurrentLayer);
        Assert.Equal(LayerChangeReason.LayerUnavailable, downTrack.RecentLayerSwitches()[^1].Reason);
        AssertContiguous(sent);
        Assert.True(sent[3].Timestamp - sent[2].Timestamp >= 2 * 90_000);
        Assert.True(sent[4].Timestamp - sent[3].Timestamp == 3000);
    }

    [Fact]
    public void RepairStreamsAreRecognisedByTheirRepairedRid()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var video = PublishSimulcast(h, publisher);
        var probe = RtpPackets.Build(0x101, 1, 0, TestCodecs.PubVp8Rtx, [], false,
            [(TestCodecs.PubMid, "1"u8.ToArray()), (TestCodecs.PubRepairedRid, "h"u8.ToArray())], padding: 200);
        h.Send(publisher, probe);
        Assert.Equal(1, h.Recorder.Dropped(DropReason.Rtx));
        Assert.Equal(0x101u, video.Layers[0].RtxSsrc);
        Assert.False(video.Layers[0].HasSsrc);
    }

    [Fact]
    public void DeclaredSimulcastSsrcsFindTheirLayerByRid()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var video = h.Router.AddPublishedTrack(publisher, new PublishedTrackParameters
        {
            TrackId = "firefox",
            Kind = MediaKind.Video,
            Mid = "1",
            Codecs = TestCodecs.PublisherVideo,
            HeaderExtensions = TestCodecs.PublisherExtensions,
            Rids = ["h", "m", "l"],
            DeclaredSsrcs = [0x11, 0x12, 0x21, 0x22],
            RtxSsrcs = new Dictionary<uint, uint> { [0x11] = 0x12, [0x21] = 0x22 },
        });
        var subscriber = new RecordingSink("s");
        h.Subscribe(video, subscriber, 0xB1);

        h.Send(publisher, RtpPackets.Build(0x21, 1, 0, TestCodecs.PubVp8, RtpPackets.Vp8Keyframe(LowFill)));  // no rid yet: unknown layer
        h.Send(publisher, RtpPackets.Build(0x21, 2, 0, TestCodecs.PubVp8, RtpPackets.Vp8Keyframe(LowFill), false, [(TestCodecs.PubRid, "l"u8.ToArray())]));
        h.Send(publisher, RtpPackets.Build(0x21, 3, 0, TestCodecs.PubVp8, RtpPackets.Vp8Delta(LowFill)));      // learned: no rid needed
        h.Send(publisher, RtpPackets.Build(0x22, 1, 0, TestCodecs.PubVp8Rtx, [], padding: 100));

        Assert.Equal(1, h.Recorder.Dropped(DropReason.UnknownSsrc));
        Assert.Equal(1, h.Recorder.Dropped(DropReason.Rtx));
        Assert.Equal(0x21u, video.Layers[2].Ssrc);
        Assert.Equal(2, subscriber.Rtp.Count);
    }

    private static PublishedTrack PublishSimulcast(ForwardingHarness h, RecordingSink publisher) =>
        h.PublishVideo(publisher, rids: ["h", "m", "l"]);

    private static StreamGenerator[] Layers() =>
    [
        new StreamGenerator(High, TestCodecs.PubVp8, ForwardingHarness.VideoMid, 100, 1_000, "h"),
        new StreamGenerator(Medium, TestCodecs.PubVp8, ForwardingHarness.VideoMid, 20_000, 500_000, "m"),
        new StreamGenerator(Low, TestCodecs.PubVp8, ForwardingHarness.VideoMid, 65_000, 4_000_000_000, "l"),
    ];

    /// <summary>One frame (one packet) per selected layer, 33 ms after the previous frame.</summary>
    private static void Frame(ForwardingHarness h, RecordingSink publisher, StreamGenerator[] layers, bool[] keyframe, bool[] send)
    {
        h.Time.AdvanceMilliseconds(33);
        byte[] fills = [HighFill, MediumFill, LowFill];
        for (int i = layers.Length - 1; i >= 0; i--)
        {
            layers[i].NextFrame(3000);
            if (send[i])
            {
                var payload = keyframe[i] ? RtpPackets.Vp8Keyframe(fills[i]) : RtpPackets.Vp8Delta(fills[i]);
                h.Send(publisher, layers[i].Next(payload, marker: true));
            }
        }
    }

    private static void AssertContiguous(IReadOnlyList<SentPacket> sent) =>
        Assert.All(sent.Zip(sent.Skip(1)), pair => Assert.Equal(1, (ushort)(pair.Second.SequenceNumber - pair.First.SequenceNumber)));

    private static void AssertIncreasing(IReadOnlyList<SentPacket> sent) =>
        Assert.All(sent.Zip(sent.Skip(1)), pair => Assert.InRange((int)(pair.Second.Timestamp - pair.First.Timestamp), 1, 90_000));
}
