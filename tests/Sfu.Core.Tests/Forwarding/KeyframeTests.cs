using Sfu.Core.Rtcp;
using Sfu.Core.Sdp;

namespace Sfu.Core.Tests.Forwarding;

public class KeyframeTests
{
    private const uint VideoSsrc = 0x5555_0001;

    [Fact]
    public void VideoWaitsForAVp8KeyframeAndAsksAgainEvery350MsUntilItsFirstPicture()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var video = h.PublishVideo(publisher);
        var camera = new StreamGenerator(VideoSsrc, TestCodecs.PubVp8, ForwardingHarness.VideoMid);
        h.Send(publisher, camera.Next(RtpPackets.Vp8Keyframe()));   // before anyone subscribed
        var subscriber = new RecordingSink("s");
        var downTrack = h.Subscribe(video, subscriber, 0xB1);
        Assert.Equal([VideoSsrc], publisher.Plis);                 // known SSRC: asked at once

        for (int i = 0; i < 30; i++)                               // 1.5 s of deltas
        {
            h.Time.AdvanceMilliseconds(50);
            camera.NextFrame(4500);
            h.Send(publisher, camera.Next(RtpPackets.Vp8Delta(), marker: true));
        }

        Assert.Empty(subscriber.Rtp);
        Assert.True(downTrack.IsWaitingForKeyframe);
        // Nothing shown yet: the request is repeated at the first-picture interval (0, 350, 700, 1,050, 1,400 ms).
        Assert.Equal([VideoSsrc, VideoSsrc, VideoSsrc, VideoSsrc, VideoSsrc], publisher.Plis);
        Assert.All(publisher.RtcpOfType(RtcpPacketType.PayloadFeedback), p => Assert.Equal(h.Router.ReporterSsrc, SenderSsrc(p)));

        camera.NextFrame(4500);
        h.Send(publisher, camera.Next(RtpPackets.Vp8Keyframe(0x01)));
        h.Send(publisher, camera.Next(RtpPackets.Vp8Continuation(0x02), marker: true));
        camera.NextFrame(3000);
        h.Send(publisher, camera.Next(RtpPackets.Vp8Delta(0x03), marker: true));

        Assert.Equal([0x01, 0x02, 0x03], subscriber.Sent.Select(p => p.Payload[^1]));
        Assert.False(downTrack.IsWaitingForKeyframe);
        Assert.Equal(2, video.Layers[0].KeyframesReceived);
        Assert.Equal(h.Time.GetTimestamp(), video.Layers[0].LastKeyframeTimestamp);
        Assert.Equal(5, video.Layers[0].KeyframeRequestsSent);
        Assert.Equal(5, h.Recorder.KeyframeRequests);
    }

    [Fact]
    public void AfterItsFirstPictureAWaitingDownTrackAsksOncePerSecond()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var video = h.PublishVideo(publisher);
        var camera = new StreamGenerator(VideoSsrc, TestCodecs.PubVp8, ForwardingHarness.VideoMid);
        var subscriber = new RecordingSink("s");
        var downTrack = h.Subscribe(video, subscriber, 0xB1);
        h.Send(publisher, camera.Next(RtpPackets.Vp8Keyframe(), marker: true));
        Assert.Single(subscriber.Rtp);
        h.Time.Advance(TimeSpan.FromSeconds(2));
        publisher.Clear();

        downTrack.Paused = true;
        downTrack.Paused = false;                                  // resuming waits for a keyframe and asks for one
        for (int i = 0; i < 30; i++)                               // 1.5 s of deltas
        {
            h.Time.AdvanceMilliseconds(50);
            camera.NextFrame(4500);
            h.Send(publisher, camera.Next(RtpPackets.Vp8Delta(), marker: true));
        }

        Assert.True(downTrack.IsWaitingForKeyframe);
        Assert.Equal([VideoSsrc, VideoSsrc], publisher.Plis);      // at 0 and 1,000 ms: the routine interval
    }

    [Fact]
    public void ASubscriberAsksForItsFirstKeyframeWhenItsTransportConnectsAndGetsIt()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var video = h.PublishVideo(publisher);
        var camera = new StreamGenerator(VideoSsrc, TestCodecs.PubVp8, ForwardingHarness.VideoMid);
        h.Send(publisher, camera.Next(RtpPackets.Vp8Keyframe(), marker: true));
        var early = new RecordingSink("early");
        h.Subscribe(video, early, 0xB1);                           // connected: asks at once
        Assert.Equal([VideoSsrc], publisher.Plis);

        // A second subscriber whose transport is still connecting: asking now would bring a keyframe it cannot send.
        var joiner = new RecordingSink("joiner") { Connected = false };
        var downTrack = h.Subscribe(video, joiner, 0xB2);
        h.Time.AdvanceMilliseconds(200);
        camera.NextFrame(4500);
        h.Send(publisher, camera.Next(RtpPackets.Vp8Keyframe(0x01), marker: true)); // the answer to the first request
        Assert.Empty(joiner.Rtp);
        Assert.Equal([VideoSsrc], publisher.Plis);

        // It connects 400 ms after the other's request: it asks now, not when the routine second has passed.
        h.Time.AdvanceMilliseconds(200);
        joiner.Connected = true;
        h.Router.OnTransportConnected(joiner);
        Assert.Equal([VideoSsrc, VideoSsrc], publisher.Plis);

        h.Time.AdvanceMilliseconds(50);
        camera.NextFrame(4500);
        h.Send(publisher, camera.Next(RtpPackets.Vp8Keyframe(0x02), marker: true));
        Assert.Equal([0x02], joiner.Sent.Select(p => p.Payload[^1]));
        Assert.False(downTrack.IsWaitingForKeyframe);
    }

    [Fact]
    public void ManySubscribersConnectingAtOnceCostOneKeyframeRequest()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var video = h.PublishVideo(publisher);
        var camera = new StreamGenerator(VideoSsrc, TestCodecs.PubVp8, ForwardingHarness.VideoMid);
        h.Send(publisher, camera.Next(RtpPackets.Vp8Keyframe(), marker: true));
        var joiners = new List<RecordingSink>();
        for (int i = 0; i < 10; i++)
        {
            var joiner = new RecordingSink("j" + i) { Connected = false };
            h.Subscribe(video, joiner, 0xB0u + (uint)i);
            joiners.Add(joiner);
        }

        Assert.Empty(publisher.Plis);
        foreach (var joiner in joiners)                            // all connect within 300 ms
        {
            h.Time.AdvanceMilliseconds(30);
            joiner.Connected = true;
            h.Router.OnTransportConnected(joiner);
        }

        Assert.Equal([VideoSsrc], publisher.Plis);
        camera.NextFrame(4500);
        h.Send(publisher, camera.Next(RtpPackets.Vp8Keyframe(0x01), marker: true));
        Assert.All(joiners, j => Assert.Equal([0x01], j.Sent.Select(p => p.Payload[^1])));
        Assert.Single(publisher.Plis);
    }

    [Fact]
    public void H264StartsAtTheStapAWithSpsAndPps()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var video = h.PublishVideo(publisher);
        var subscriber = new RecordingSink("s");
        h.Subscribe(video, subscriber, 0xB1);
        var camera = new StreamGenerator(VideoSsrc, TestCodecs.PubH264, ForwardingHarness.VideoMid);

        h.Send(publisher, camera.Next(RtpPackets.H264NonIdr(), marker: true));
        Assert.Equal([VideoSsrc], publisher.Plis);
        camera.NextFrame(3000);
        h.Send(publisher, camera.Next(RtpPackets.H264StapASpsPps()));
        h.Send(publisher, camera.Next(RtpPackets.H264FuAIdrStart()));
        h.Send(publisher, camera.Next(RtpPackets.H264NonIdr(), marker: true));

        var sent = subscriber.Sent;
        Assert.Equal(3, sent.Count);
        Assert.All(sent, p => Assert.Equal(TestCodecs.SubH264, p.PayloadType));
        Assert.Equal(RtpPackets.H264StapASpsPps(), sent[0].Payload);
        Assert.Equal(1, video.Layers[0].KeyframesReceived);        // one keyframe, though two packets start it
    }

    [Fact]
    public void H264CanAlsoStartAtAnIdrFragment()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var video = h.PublishVideo(publisher);
        var subscriber = new RecordingSink("s");
        h.Subscribe(video, subscriber, 0xB1);
        var camera = new StreamGenerator(VideoSsrc, TestCodecs.PubH264, ForwardingHarness.VideoMid);
        h.Send(publisher, camera.Next(RtpPackets.H264NonIdr(), marker: true));
        h.Send(publisher, camera.Next(RtpPackets.H264FuAIdrStart()));
        Assert.Equal(RtpPackets.H264FuAIdrStart(), Assert.Single(subscriber.Sent).Payload);
    }

    [Fact]
    public void PlisFromTwoSubscribersWithinASecondMakeOnePliToThePublisher()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var video = h.PublishVideo(publisher);
        var first = new RecordingSink("first");
        var second = new RecordingSink("second");
        var firstDown = h.Subscribe(video, first, 0xB1);
        var secondDown = h.Subscribe(video, second, 0xB2);
        var camera = new StreamGenerator(VideoSsrc, TestCodecs.PubVp8, ForwardingHarness.VideoMid);
        h.Send(publisher, camera.Next(RtpPackets.Vp8Keyframe()));
        h.Time.Advance(TimeSpan.FromSeconds(3));
        publisher.Clear();

        h.SendRtcp(first, RtpPackets.Pli(0x1, 0xB1));
        h.Time.AdvanceMilliseconds(300);
        h.SendRtcp(second, RtpPackets.Pli(0x2, 0xB2));
        h.Time.AdvanceMilliseconds(300);
        h.SendRtcp(second, RtpPackets.Fir(0x2, 0xB2, 1));
        h.SendRtcp(second, RtpPackets.Pli(0x2, 0xB1));             // not one of this subscriber's down-tracks
        Assert.Equal([VideoSsrc], publisher.Plis);

        h.Time.AdvanceMilliseconds(400);
        h.SendRtcp(second, RtpPackets.Pli(0x2, 0xB2));
        Assert.Equal([VideoSsrc, VideoSsrc], publisher.Plis);
        Assert.Empty(publisher.Firs);                              // the publisher negotiated nack pli
        Assert.Equal(1, firstDown.KeyframeRequestsReceived);
        Assert.Equal(3, secondDown.KeyframeRequestsReceived);
    }

    [Fact]
    public void APublisherWithCcmFirButNotPliAlsoGetsAFir()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var video = h.PublishVideo(publisher, codecs: [TestCodecs.Vp8(TestCodecs.PubVp8, feedback: RtcpFeedbackFlags.Fir | RtcpFeedbackFlags.Nack)]);
        var subscriber = new RecordingSink("s");
        h.Subscribe(video, subscriber, 0xB1);
        var camera = new StreamGenerator(VideoSsrc, TestCodecs.PubVp8, ForwardingHarness.VideoMid);
        h.Send(publisher, camera.Next(RtpPackets.Vp8Delta()));
        h.Time.Advance(TimeSpan.FromSeconds(1));
        h.Send(publisher, camera.Next(RtpPackets.Vp8Delta()));

        Assert.Equal([VideoSsrc, VideoSsrc], publisher.Plis);
        Assert.Equal([VideoSsrc, VideoSsrc], publisher.Firs);
        var firs = publisher.RtcpOfType(RtcpPacketType.PayloadFeedback).Where(p => (p[0] & 0x1F) == 4).ToList();
        Assert.Equal(RtcpParseError.None, FullIntraRequest.TryParse(firs[0], out var fir0));
        byte firstSequence = fir0.GetEntry(0).SequenceNumber;
        Assert.Equal(RtcpParseError.None, FullIntraRequest.TryParse(firs[1], out var fir1));
        Assert.Equal((byte)(firstSequence + 1), fir1.GetEntry(0).SequenceNumber); // a new request, a new number
    }

    [Fact]
    public void AudioNeverWaitsNorAsks()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var audio = h.PublishAudio(publisher);
        var subscriber = new RecordingSink("s");
        var downTrack = h.Subscribe(audio, subscriber, 0xA1);
        var mic = new StreamGenerator(0x77, TestCodecs.PubOpus, ForwardingHarness.AudioMid);
        h.Send(publisher, mic.Next(RtpPackets.Opus()));
        h.SendRtcp(subscriber, RtpPackets.Pli(0x1, 0xA1));
        downTrack.Paused = true;
        downTrack.Paused = false;
        h.Send(publisher, mic.Next(RtpPackets.Opus()));

        Assert.Equal(2, subscriber.Rtp.Count);
        Assert.Empty(publisher.Rtcp);
        Assert.False(downTrack.IsWaitingForKeyframe);
    }

    private static uint SenderSsrc(byte[] feedback) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(feedback.AsSpan(4));
}
