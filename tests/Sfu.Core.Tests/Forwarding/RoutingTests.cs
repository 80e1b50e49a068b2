using Sfu.Core.Diagnostics;
using Sfu.Core.Forwarding;

namespace Sfu.Core.Tests.Forwarding;

public class RoutingTests
{
    private const uint AudioSsrc = 0x8888_0001;

    [Fact]
    public void UnknownSsrcsAndStrangersAreDroppedAndCounted()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var audio = h.PublishAudio(publisher);
        var subscriber = new RecordingSink("s");
        h.Subscribe(audio, subscriber, 0xA1);

        h.Send(publisher, RtpPackets.Build(0xBAD, 1, 1, TestCodecs.PubOpus, RtpPackets.Opus()));                                   // no mid
        h.Send(publisher, RtpPackets.Build(0xBAD, 2, 1, TestCodecs.PubOpus, RtpPackets.Opus(), false, [(TestCodecs.PubMid, "9"u8.ToArray())])); // no such mid
        h.Send(new RecordingSink("stranger"), new StreamGenerator(AudioSsrc, TestCodecs.PubOpus, ForwardingHarness.AudioMid).Next(RtpPackets.Opus()));
        h.Send(publisher, new StreamGenerator(AudioSsrc, 55, ForwardingHarness.AudioMid).Next(RtpPackets.Opus()));                // unnegotiated PT

        Assert.Equal(3, h.Recorder.Dropped(DropReason.UnknownSsrc));
        Assert.Equal(1, h.Recorder.Dropped(DropReason.UnknownPayloadType));
        Assert.Empty(subscriber.Rtp);
        Assert.Equal(0, audio.Layers[0].PacketsReceived);
    }

    [Fact]
    public void MalformedRtcpIsCountedAndDroppedWhole()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var video = h.PublishVideo(publisher);
        var subscriber = new RecordingSink("s");
        var downTrack = h.Subscribe(video, subscriber, 0xB1);
        h.Send(publisher, new StreamGenerator(0x99, TestCodecs.PubVp8, ForwardingHarness.VideoMid).Next(RtpPackets.Vp8Keyframe()));
        h.Time.Advance(TimeSpan.FromSeconds(2));
        publisher.Clear();

        var pli = RtpPackets.Pli(1, 0xB1);
        h.SendRtcp(subscriber, RtpPackets.Concat(pli, [0x80, 0xC9, 0x00, 0x09, 0, 0, 0, 1]));  // second packet's length overruns
        h.SendRtcp(subscriber, RtpPackets.Concat(pli, [0x40, 0xC9, 0x00, 0x00]));              // version 1
        h.SendRtcp(subscriber, []);
        var lyingRr = RtpPackets.ReceiverReport(1);
        lyingRr[0] = 0x82;                                                                   // claims two report blocks
        h.SendRtcp(subscriber, lyingRr);
        h.SendRtcp(publisher, [0x81, 0xC8, 0x00, 0x01, 0, 0, 0, 0x99]);                      // SR with no sender info

        Assert.Equal(5, h.Recorder.Dropped(DropReason.MalformedRtcp));
        Assert.Empty(publisher.Plis);
        Assert.Equal(0, downTrack.KeyframeRequestsReceived);

        h.SendRtcp(subscriber, pli);                                                         // and the path still works
        Assert.Single(publisher.Plis);
    }

    [Fact]
    public void RtxIsCountedAndNotForwarded()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var video = h.PublishVideo(publisher);
        var subscriber = new RecordingSink("s");
        h.Subscribe(video, subscriber, 0xB1);
        var camera = new StreamGenerator(0x1001, TestCodecs.PubVp8, ForwardingHarness.VideoMid);
        var rtx = new StreamGenerator(0x1002, TestCodecs.PubVp8Rtx, ForwardingHarness.VideoMid);
        h.Send(publisher, camera.Next(RtpPackets.Vp8Keyframe()));
        h.Send(publisher, rtx.Next([0x03, 0xE8, .. RtpPackets.Vp8Delta()]));   // a probe: OSN + an old packet
        h.Send(publisher, rtx.Next([], padding: 255));
        h.Send(publisher, camera.Next(RtpPackets.Vp8Delta()));

        Assert.Equal(2, subscriber.Rtp.Count);
        Assert.Equal(2, h.Recorder.Dropped(DropReason.Rtx));
        Assert.Equal(2, video.Layers[0].RtxPacketsReceived);
        Assert.Equal(0x1002u, video.Layers[0].RtxSsrc);
        Assert.Equal(0x1001u, video.Layers[0].Ssrc);
        Assert.Equal(2, video.Layers[0].PacketsReceived);
    }

    [Fact]
    public void DeclaredSsrcsRouteWithoutTheMidExtension()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var audio = h.Router.AddPublishedTrack(publisher, new PublishedTrackParameters
        {
            TrackId = "declared",
            Kind = MediaKind.Audio,
            Mid = "0",
            Codecs = TestCodecs.PublisherAudio,
            DeclaredSsrcs = [AudioSsrc],
        });
        var video = h.Router.AddPublishedTrack(publisher, new PublishedTrackParameters
        {
            TrackId = "declared-video",
            Kind = MediaKind.Video,
            Mid = "1",
            Codecs = TestCodecs.PublisherVideo,
            DeclaredSsrcs = [0x2001, 0x2002],
            RtxSsrcs = new Dictionary<uint, uint> { [0x2001] = 0x2002 },
        });
        var subscriber = new RecordingSink("s");
        h.Subscribe(audio, subscriber, 0xA1);
        h.Subscribe(video, subscriber, 0xB1);

        h.Send(publisher, RtpPackets.Build(AudioSsrc, 1, 960, TestCodecs.PubOpus, RtpPackets.Opus()));
        h.Send(publisher, RtpPackets.Build(0x2001, 1, 3000, TestCodecs.PubVp8, RtpPackets.Vp8Keyframe()));
        h.Send(publisher, RtpPackets.Build(0x2002, 1, 3000, TestCodecs.PubVp8Rtx, [0, 1, .. RtpPackets.Vp8Keyframe()]));

        Assert.Equal([0xA1u, 0xB1u], subscriber.Sent.Select(p => p.Ssrc));
        Assert.Equal(1, h.Recorder.Dropped(DropReason.Rtx));
        Assert.Equal(0x2002u, video.Layers[0].RtxSsrc);
        Assert.Throws<ArgumentException>(() => h.Router.AddPublishedTrack(publisher, new PublishedTrackParameters
        {
            TrackId = "clash",
            Kind = MediaKind.Audio,
            Mid = "2",
            Codecs = TestCodecs.PublisherAudio,
            DeclaredSsrcs = [AudioSsrc],
        }));
    }

    [Fact]
    public void AStreamThatMovedToANewSsrcLeavesItsOldSsrcBehind()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var audio = h.PublishAudio(publisher);
        var subscriber = new RecordingSink("s");
        h.Subscribe(audio, subscriber, 0xA1);
        var before = new StreamGenerator(AudioSsrc, TestCodecs.PubOpus, ForwardingHarness.AudioMid);
        var after = new StreamGenerator(AudioSsrc + 1, TestCodecs.PubOpus, ForwardingHarness.AudioMid, firstSequenceNumber: 9);
        h.Send(publisher, before.Next(RtpPackets.Opus(1)));
        h.Send(publisher, after.Next(RtpPackets.Opus(2)));
        h.Send(publisher, before.Next(RtpPackets.Opus(3)));   // a straggler of the old stream
        h.Send(publisher, after.Next(RtpPackets.Opus(4)));

        Assert.Equal([1, 2, 4], subscriber.Sent.Select(p => (int)p.Payload[^1]));
        Assert.Equal(1, h.Recorder.Dropped(DropReason.UnknownSsrc));
        Assert.Equal(AudioSsrc + 1, audio.Layers[0].Ssrc);
    }

    [Fact]
    public void PacketsTooLargeToForwardAreDroppedOnceAndCounted()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var audio = h.PublishAudio(publisher);
        var first = new RecordingSink("first");
        var second = new RecordingSink("second");
        h.Subscribe(audio, first, 0xA1);
        h.Subscribe(audio, second, 0xA2);
        var mic = new StreamGenerator(AudioSsrc, TestCodecs.PubOpus, ForwardingHarness.AudioMid);
        h.Send(publisher, mic.Next(RtpPackets.Opus(size: 3000)));
        h.Send(publisher, mic.Next(RtpPackets.Opus(size: 1400)));

        Assert.Equal(1, h.Recorder.Dropped(DropReason.Oversized));
        Assert.Equal(1400, Assert.Single(first.Sent).Payload.Length);
        Assert.Single(second.Sent);
    }

    [Fact]
    public void RandomPacketsFromAPublisherNeverThrowAndWhatIsForwardedIsWellFormed()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        h.PublishAudio(publisher);
        var video = h.PublishVideo(publisher, rids: ["h", "l"]);
        var subscriber = new RecordingSink("s");
        h.Subscribe(video, subscriber, 0xB1);
        h.Subscribe(h.Router.Tracks[0], subscriber, 0xA1);
        var random = new Random(7);
        byte[][] mids = ["0"u8.ToArray(), "1"u8.ToArray(), "2"u8.ToArray()];
        byte[][] rids = ["h"u8.ToArray(), "l"u8.ToArray(), "x"u8.ToArray()];
        byte[] ptChoices = [TestCodecs.PubOpus, TestCodecs.PubVp8, TestCodecs.PubVp8Rtx, TestCodecs.PubH264, 0, 127];
        for (int i = 0; i < 3000; i++)
        {
            var payload = new byte[random.Next(0, 300)];
            random.NextBytes(payload);
            var extensions = new List<(int, byte[])>();
            for (int e = random.Next(0, 5); e > 0; e--)
            {
                int id = random.Next(1, 15);
                byte[] value = id switch
                {
                    TestCodecs.PubMid => mids[random.Next(mids.Length)],
                    TestCodecs.PubRid or TestCodecs.PubRepairedRid => rids[random.Next(rids.Length)],
                    _ => new byte[random.Next(1, 17)],
                };
                extensions.Add((id, value));
            }

            var packet = RtpPackets.Build((uint)random.Next(1, 12), (ushort)random.Next(), (uint)random.Next(), ptChoices[random.Next(ptChoices.Length)],
                payload, random.Next(2) == 0, extensions, padding: random.Next(4) == 0 ? random.Next(1, 40) : 0);
            h.Send(publisher, packet);
            if (i % 50 == 0)
            {
                var rtcp = new byte[random.Next(0, 80)];
                random.NextBytes(rtcp);
                h.SendRtcp(subscriber, rtcp);
                h.SendRtcp(publisher, rtcp);
                h.Time.AdvanceMilliseconds(300);
                h.Router.Tick();
            }
        }

        Assert.NotEmpty(subscriber.Rtp);
        Assert.All(subscriber.Sent, p => Assert.Contains(p.Ssrc, new[] { 0xA1u, 0xB1u }));
        Assert.All(subscriber.Sent, p => Assert.Contains(p.PayloadType, new[] { TestCodecs.SubOpus, TestCodecs.SubVp8, TestCodecs.SubH264 }));
    }
}
