using Sfu.Core.Diagnostics;
using Sfu.Core.Forwarding;
using Sfu.Core.Rtcp;
using Sfu.Core.Sdp;

namespace Sfu.Core.Tests.Forwarding;

public class PublisherNackTests
{
    private const uint VideoSsrc = 0x1234;
    private const uint RtxSsrc = 0x5678;
    private const uint SubscriberSsrc = 0xAAAA;

    [Fact]
    public void AGapIsNackedRetriedAndStoppedWhenTheRetransmissionArrivesOnRtx()
    {
        using var h = new ForwardingHarness();
        var (publisher, subscriber, video, stream) = Setup(h);
        var rtx = new StreamGenerator(RtxSsrc, TestCodecs.PubVp8Rtx, ForwardingHarness.VideoMid, firstSequenceNumber: 7000);

        h.Send(publisher, stream.Next(RtpPackets.Vp8Keyframe())); // 1000
        h.Send(publisher, stream.Next(RtpPackets.Vp8Continuation())); // 1001
        stream.Lose(); // 1002
        stream.Lose(); // 1003
        h.Send(publisher, stream.Next(RtpPackets.Vp8Continuation(0xDD))); // 1004

        h.Time.AdvanceMilliseconds(10);
        h.Router.Tick();
        Assert.Equal([new ushort[] { 1002, 1003 }], Nacks(h, publisher));

        h.Time.AdvanceMilliseconds(20);
        h.Router.Tick();
        Assert.Single(Nacks(h, publisher)); // not yet: one retry interval

        h.Time.AdvanceMilliseconds(40);
        h.Router.Tick();
        Assert.Equal(2, Nacks(h, publisher).Count);
        Assert.Equal(new ushort[] { 1002, 1003 }, Nacks(h, publisher)[1]);

        // The retransmission of 1002: RTX SSRC and payload type, the original sequence number first.
        byte[] lostPayload = RtpPackets.Vp8Continuation(0x77);
        h.Send(publisher, rtx.Next([0x03, 0xEA, .. lostPayload]));

        var sent = subscriber.SentWithSsrc(SubscriberSsrc).ToList();
        Assert.Equal(4, sent.Count);
        var restored = sent[3];
        Assert.Equal((ushort)(sent[0].SequenceNumber + 2), restored.SequenceNumber); // its place in the gap
        Assert.Equal(TestCodecs.SubVp8, restored.PayloadType);
        Assert.Equal(lostPayload, restored.Payload);
        Assert.Equal(1, video.Layers[0].PacketsRecovered);

        h.Time.AdvanceMilliseconds(60);
        h.Router.Tick();
        Assert.Equal(new ushort[] { 1003 }, Nacks(h, publisher)[2]);
    }

    [Fact]
    public void APacketIsGivenUpAfterTheRetryLimit()
    {
        using var h = new ForwardingHarness();
        var (publisher, _, video, stream) = Setup(h);
        h.Send(publisher, stream.Next(RtpPackets.Vp8Keyframe()));
        stream.Lose();
        h.Send(publisher, stream.Next(RtpPackets.Vp8Continuation()));

        for (int i = 0; i < 30; i++)
        {
            h.Time.AdvanceMilliseconds(60);
            h.Router.Tick();
        }

        Assert.Equal(NackGenerator.MaxRetries, Nacks(h, publisher).Count);
        Assert.Equal(NackGenerator.MaxRetries, video.Layers[0].NacksSent);
        Assert.Equal(1, video.Layers[0].PacketsGivenUp);
    }

    [Fact]
    public void RtxOfAPacketNotMissingAndPaddingProbesAreNotForwarded()
    {
        using var h = new ForwardingHarness();
        var (publisher, subscriber, video, stream) = Setup(h);
        var rtx = new StreamGenerator(RtxSsrc, TestCodecs.PubVp8Rtx, ForwardingHarness.VideoMid, firstSequenceNumber: 7000);
        h.Send(publisher, stream.Next(RtpPackets.Vp8Keyframe())); // 1000
        h.Send(publisher, stream.Next(RtpPackets.Vp8Continuation())); // 1001
        stream.Lose(); // 1002
        h.Send(publisher, stream.Next(RtpPackets.Vp8Continuation())); // 1003

        h.Send(publisher, rtx.Next([0x03, 0xE9, .. RtpPackets.Vp8Continuation()])); // a copy of 1001: already received
        h.Send(publisher, rtx.Next([], padding: 200)); // Chromium's padding probe
        h.Send(publisher, rtx.Next([0x03, 0xEA, .. RtpPackets.Vp8Continuation()])); // 1002: missing, forwarded
        h.Send(publisher, rtx.Next([0x03, 0xEA, .. RtpPackets.Vp8Continuation()])); // 1002 again: not twice

        Assert.Equal(4, subscriber.SentWithSsrc(SubscriberSsrc).Count());
        Assert.Equal(4, video.Layers[0].RtxPacketsReceived);
        Assert.Equal(3, h.Recorder.Dropped(DropReason.Rtx));
        Assert.Equal(1, video.Layers[0].PacketsRecovered);
    }

    [Fact]
    public void NoNackWhenThePublisherDidNotNegotiateIt()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("pub");
        h.PublishVideo(publisher, codecs: [TestCodecs.Vp8(TestCodecs.PubVp8, TestCodecs.PubVp8Rtx, RtcpFeedbackFlags.Pli | RtcpFeedbackFlags.TransportCc)]);
        var stream = new StreamGenerator(VideoSsrc, TestCodecs.PubVp8, ForwardingHarness.VideoMid, firstSequenceNumber: 1000);
        h.Send(publisher, stream.Next(RtpPackets.Vp8Keyframe()));
        stream.Lose();
        h.Send(publisher, stream.Next(RtpPackets.Vp8Continuation()));
        h.Time.AdvanceMilliseconds(100);
        h.Router.Tick();

        Assert.Empty(Nacks(h, publisher));
    }

    [Fact]
    public void AReorderedPacketIsNotNackedAgainAndAcrossTheWrapTheNumbersAreRight()
    {
        using var h = new ForwardingHarness();
        var (publisher, _, _, stream) = Setup(h, firstSequenceNumber: 65534);
        h.Send(publisher, stream.Next(RtpPackets.Vp8Keyframe())); // 65534
        stream.Lose(); // 65535
        var late = stream.Next(RtpPackets.Vp8Continuation()); // 0, arrives late
        stream.Lose(); // 1
        h.Send(publisher, stream.Next(RtpPackets.Vp8Continuation())); // 2
        h.Time.AdvanceMilliseconds(10);
        h.Router.Tick();
        Assert.Equal(new ushort[] { 65535, 0, 1 }, Assert.Single(Nacks(h, publisher)));

        h.Send(publisher, late);
        h.Time.AdvanceMilliseconds(60);
        h.Router.Tick();
        Assert.Equal(new ushort[] { 65535, 1 }, Nacks(h, publisher)[1]);
    }

    [Fact]
    public void ASimulcastLayersRetransmissionIsFoundByItsRepairedRidAndForwarded()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("pub");
        var subscriber = new RecordingSink("sub");
        var video = h.PublishVideo(publisher, rids: ["h", "l"]);
        h.Subscribe(video, subscriber, SubscriberSsrc);
        var high = new StreamGenerator(VideoSsrc, TestCodecs.PubVp8, ForwardingHarness.VideoMid, firstSequenceNumber: 1000, rid: "h");
        var rtx = new StreamGenerator(RtxSsrc, TestCodecs.PubVp8Rtx, ForwardingHarness.VideoMid, firstSequenceNumber: 7000);
        (int, byte[])[] repaired = [(TestCodecs.PubRepairedRid, "h"u8.ToArray())];

        h.Send(publisher, high.Next(RtpPackets.Vp8Keyframe())); // 1000
        high.Lose(); // 1001
        h.Send(publisher, high.Next(RtpPackets.Vp8Continuation())); // 1002
        h.Time.AdvanceMilliseconds(10);
        h.Router.Tick();
        Assert.Equal(new ushort[] { 1001 }, Assert.Single(Nacks(h, publisher)));

        h.Send(publisher, rtx.Next([0x03, 0xE9, .. RtpPackets.Vp8Continuation(0x42)], extraExtensions: repaired));

        var sent = subscriber.SentWithSsrc(SubscriberSsrc).ToList();
        Assert.Equal(3, sent.Count);
        Assert.Equal((ushort)(sent[0].SequenceNumber + 1), sent[2].SequenceNumber);
        Assert.Equal(RtpPackets.Vp8Continuation(0x42), sent[2].Payload);
        Assert.Equal(RtxSsrc, video.Layers[0].RtxSsrc);
        Assert.Equal(1, video.Layers[0].PacketsRecovered);
    }

    private static (RecordingSink Publisher, RecordingSink Subscriber, PublishedTrack Video, StreamGenerator Stream) Setup(ForwardingHarness h, ushort firstSequenceNumber = 1000)
    {
        var publisher = new RecordingSink("pub");
        var subscriber = new RecordingSink("sub");
        var video = h.PublishVideo(publisher);
        h.Subscribe(video, subscriber, SubscriberSsrc);
        var stream = new StreamGenerator(VideoSsrc, TestCodecs.PubVp8, ForwardingHarness.VideoMid, firstSequenceNumber: firstSequenceNumber);
        return (publisher, subscriber, video, stream);
    }

    /// <summary>Every NACK the publisher received (about its video SSRC, from the router), as its list of sequence numbers.</summary>
    private static List<ushort[]> Nacks(ForwardingHarness h, RecordingSink publisher)
    {
        var result = new List<ushort[]>();
        foreach (var packet in publisher.RtcpOfType(RtcpPacketType.TransportFeedback).Where(p => (p[0] & 0x1F) == (int)RtpFeedbackFormat.GenericNack))
        {
            Assert.Equal(RtcpParseError.None, GenericNack.TryParse(packet, out var nack));
            Assert.Equal(h.Router.ReporterSsrc, nack.SenderSsrc);
            Assert.Equal(VideoSsrc, nack.MediaSsrc);
            var numbers = new List<ushort>();
            foreach (ushort sequence in nack)
            {
                numbers.Add(sequence);
            }

            result.Add([.. numbers]);
        }

        return result;
    }
}
