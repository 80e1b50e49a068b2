using Sfu.Core.Diagnostics;
using Sfu.Core.Rtp;

namespace Sfu.Core.Tests.Forwarding;

public class FanOutTests
{
    private const uint PublisherAudioSsrc = 0x1111_0001;
    private const uint PublisherVideoSsrc = 0x1111_0002;

    [Fact]
    public void AudioAndVideoReachEverySubscriberWithItsOwnSsrcPayloadTypesAndExtensionIds()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var audio = h.PublishAudio(publisher);
        var video = h.PublishVideo(publisher);
        var subscribers = new[] { new RecordingSink("s1"), new RecordingSink("s2"), new RecordingSink("s3") };
        for (int i = 0; i < subscribers.Length; i++)
        {
            h.Subscribe(audio, subscribers[i], 0xA000u + (uint)i);
            h.Subscribe(video, subscribers[i], 0xB000u + (uint)i);
        }

        var mic = new StreamGenerator(PublisherAudioSsrc, TestCodecs.PubOpus, ForwardingHarness.AudioMid);
        var camera = new StreamGenerator(PublisherVideoSsrc, TestCodecs.PubVp8, ForwardingHarness.VideoMid);
        var audioPayloads = new List<byte[]>();
        for (int i = 0; i < 5; i++)
        {
            var payload = RtpPackets.Opus((byte)i);
            audioPayloads.Add(payload);
            h.Send(publisher, mic.Next(payload, marker: i == 0, [(TestCodecs.PubAudioLevel, [(byte)(0x80 | (20 + i))])]));
            mic.NextFrame(960);
        }

        h.Send(publisher, camera.Next(RtpPackets.Vp8Keyframe()));
        h.Send(publisher, camera.Next(RtpPackets.Vp8Continuation(), marker: true));
        camera.NextFrame(3000);
        h.Send(publisher, camera.Next(RtpPackets.Vp8Delta(), marker: true));

        for (int i = 0; i < subscribers.Length; i++)
        {
            var sentAudio = subscribers[i].SentWithSsrc(0xA000u + (uint)i).ToList();
            Assert.Equal(5, sentAudio.Count);
            Assert.All(sentAudio, p => Assert.Equal(TestCodecs.SubOpus, p.PayloadType));
            Assert.Equal(audioPayloads, sentAudio.Select(p => p.Payload));
            Assert.Equal([true, false, false, false, false], sentAudio.Select(p => p.Marker));
            Assert.Equal(Enumerable.Range(0, 5).Select(k => (byte)(0x80 | (20 + k))), sentAudio.Select(p => p.Extension(TestCodecs.SubAudioLevel)![0]));
            Assert.All(sentAudio, p => Assert.Equal("5"u8.ToArray(), p.Extension(TestCodecs.SubMid)));

            var sentVideo = subscribers[i].SentWithSsrc(0xB000u + (uint)i).ToList();
            Assert.Equal(3, sentVideo.Count);
            Assert.All(sentVideo, p => Assert.Equal(TestCodecs.SubVp8, p.PayloadType));
            Assert.Equal(RtpPackets.Vp8Keyframe(), sentVideo[0].Payload);
            Assert.Equal([false, true, true], sentVideo.Select(p => p.Marker));
            Assert.Equal(sentVideo[0].Timestamp + 3000, sentVideo[2].Timestamp);
            Assert.Null(sentVideo[0].Extension(TestCodecs.SubAudioLevel));
        }

        Assert.Equal(0, h.Recorder.Dropped(DropReason.UnknownSsrc));
    }

    [Fact]
    public void TelephoneEventIsMappedToTheSubscribersPayloadType()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var audio = h.PublishAudio(publisher);
        var subscriber = new RecordingSink("s");
        h.Subscribe(audio, subscriber, 0xA1);
        var mic = new StreamGenerator(PublisherAudioSsrc, TestCodecs.PubOpus, ForwardingHarness.AudioMid);
        h.Send(publisher, mic.Next(RtpPackets.Opus()));
        mic.PayloadType = TestCodecs.PubTelephoneEvent;
        h.Send(publisher, mic.Next([0x05, 0x0A, 0x00, 0xA0], marker: true));

        Assert.Equal(new[] { TestCodecs.SubOpus, TestCodecs.SubTelephoneEvent }, subscriber.Sent.Select(p => p.PayloadType));
        Assert.Equal(new byte[] { 0x05, 0x0A, 0x00, 0xA0 }, subscriber.Sent[1].Payload);
    }

    [Fact]
    public void HeaderExtensionsAreRewrittenInTheSubscribersIds()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var audio = h.PublishAudio(publisher);
        var video = h.PublishVideo(publisher);
        var first = new RecordingSink("first");
        var second = new RecordingSink("second");
        h.Subscribe(audio, first, 0xA1);
        h.Subscribe(video, first, 0xB1);
        h.Subscribe(audio, second, 0xA2);

        var mic = new StreamGenerator(PublisherAudioSsrc, TestCodecs.PubOpus, ForwardingHarness.AudioMid);
        var camera = new StreamGenerator(PublisherVideoSsrc, TestCodecs.PubVp8, ForwardingHarness.VideoMid, rid: null);
        (int, byte[])[] publisherOnly =
        [
            (TestCodecs.PubAbsSendTime, [1, 2, 3]),
            (TestCodecs.PubTransportCc, [0x77, 0x77]),
            (TestCodecs.PubRid, "q"u8.ToArray()),
            (TestCodecs.PubRepairedRid, "q"u8.ToArray()),
            (TestCodecs.PubAbsCaptureTime, [1, 2, 3, 4, 5, 6, 7, 8]),
        ];
        h.Send(publisher, mic.Next(RtpPackets.Opus(), false, [(TestCodecs.PubAudioLevel, [0x85]), .. publisherOnly]));
        h.Send(publisher, camera.Next(RtpPackets.Vp8Keyframe(), true, [(TestCodecs.PubVideoOrientation, [0x01]), .. publisherOnly]));
        h.Time.AdvanceMilliseconds(250);
        h.Send(publisher, mic.Next(RtpPackets.Opus(), false, [(TestCodecs.PubAudioLevel, [0x86])]));

        var toFirst = first.Sent;
        Assert.Equal(3, toFirst.Count);
        foreach (var p in toFirst)
        {
            Assert.Equal(
                new[] { TestCodecs.SubMid, TestCodecs.SubAbsSendTime, TestCodecs.SubTransportCc, p.Ssrc == 0xA1 ? TestCodecs.SubAudioLevel : TestCodecs.SubVideoOrientation },
                p.ExtensionIds);
        }

        Assert.Equal(new byte[] { 0x85 }, toFirst[0].Extension(TestCodecs.SubAudioLevel));
        Assert.Equal(new byte[] { 0x01 }, toFirst[1].Extension(TestCodecs.SubVideoOrientation));
        Assert.Equal(new byte[] { 0x86 }, toFirst[2].Extension(TestCodecs.SubAudioLevel));

        // One transport-wide sequence per subscriber transport, across its down-tracks.
        Assert.Equal(new[] { 0, 1, 2 }, toFirst.Select(p => TransportSequence(p) - TransportSequence(toFirst[0])));
        Assert.Equal(2, second.Sent.Count);
        Assert.Equal(1, TransportSequence(second.Sent[1]) - TransportSequence(second.Sent[0]));

        // abs-send-time: 6.18 fixed-point seconds from the router's clock; 250 ms apart is 65536 units.
        uint abs0 = AbsSendTime(toFirst[0]);
        uint abs2 = AbsSendTime(toFirst[2]);
        Assert.Equal(65536u, (abs2 - abs0) & 0xFF_FFFF);
    }

    [Fact]
    public void TheMidExtensionStopsOnceTheSubscriberReportsOnTheStream()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var audio = h.PublishAudio(publisher);
        var subscriber = new RecordingSink("s");
        h.Subscribe(audio, subscriber, 0xA1);
        var mic = new StreamGenerator(PublisherAudioSsrc, TestCodecs.PubOpus, ForwardingHarness.AudioMid);
        h.Send(publisher, mic.Next(RtpPackets.Opus()));
        h.SendRtcp(subscriber, RtpPackets.ReceiverReport(0x5EB, new Sfu.Core.Rtcp.ReportBlock(0xA1, 0, 0, 1, 0, 0, 0)));
        h.Send(publisher, mic.Next(RtpPackets.Opus()));

        Assert.NotNull(subscriber.Sent[0].Extension(TestCodecs.SubMid));
        Assert.Null(subscriber.Sent[1].Extension(TestCodecs.SubMid));
    }

    [Fact]
    public void WithoutNegotiatedExtensionsThePacketHasNoExtensionBlockAndCsrcsAreKept()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var audio = h.PublishAudio(publisher);
        var subscriber = new RecordingSink("s");
        h.Subscribe(audio, subscriber, 0xA1, extensions: new Dictionary<string, int>());
        var mic = new StreamGenerator(PublisherAudioSsrc, TestCodecs.PubOpus, ForwardingHarness.AudioMid);
        var packet = RtpPackets.Build(PublisherAudioSsrc, 7, 960, TestCodecs.PubOpus, RtpPackets.Opus(), false,
            [(TestCodecs.PubMid, "0"u8.ToArray()), (TestCodecs.PubAudioLevel, [0x90])], padding: 0, csrcs: [0xC5C5]);
        h.Send(publisher, packet);

        var sent = Assert.Single(subscriber.Sent);
        Assert.False(sent.Header.HasExtension);
        Assert.Equal(1, sent.Header.CsrcCount);
        Assert.Equal(0xC5C5u, sent.Header.GetCsrc(sent.Bytes, 0));
        Assert.Equal(RtpPackets.Opus(), sent.Payload);
        Assert.Equal(12 + 4 + RtpPackets.Opus().Length, sent.Bytes.Length);
    }

    private static int TransportSequence(SentPacket packet)
    {
        var value = packet.Extension(TestCodecs.SubTransportCc)!;
        return (value[0] << 8) | value[1];
    }

    private static uint AbsSendTime(SentPacket packet)
    {
        var value = packet.Extension(TestCodecs.SubAbsSendTime)!;
        return (uint)((value[0] << 16) | (value[1] << 8) | value[2]);
    }
}
