using Sfu.Core.Forwarding;

namespace Sfu.Core.Tests.Forwarding;

/// <summary>
/// The subscriber transport's sending SSRCs: released when their down-track ends, and a down-track whose sends fail on
/// a connected transport stops asking the publisher for keyframes.
/// </summary>
public class SendingSsrcTests
{
    private const uint VideoSsrc = 0x4444_0001;

    [Fact]
    public void AnEndedDownTrackReleasesItsSsrcAndRtxSsrcHoweverItEnds()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("p");
        var subscriber = new RecordingSink("s");
        var audio = h.PublishAudio(publisher);
        var video = h.PublishVideo(publisher);
        var other = h.PublishVideo(publisher, "other", "2");
        var audioDown = h.Subscribe(audio, subscriber, 0xA1, mid: "0");
        var videoDown = SubscribeWithRtx(h, video, subscriber, 0xB1, 0xB2);
        SubscribeWithRtx(h, other, subscriber, 0xC1, 0xC2);

        h.Router.Unsubscribe(videoDown);
        Assert.Equal([0xB1u, 0xB2u], subscriber.ReleasedSsrcs);
        h.Router.Unsubscribe(videoDown);                       // once only
        Assert.Equal(2, subscriber.ReleasedSsrcs.Count);

        h.Router.RemovePublishedTrack(audio);
        Assert.Equal([0xB1u, 0xB2u, 0xA1u], subscriber.ReleasedSsrcs);
        Assert.True(audioDown.IsClosed);

        h.Router.RemoveTransport(subscriber);
        Assert.Equal([0xB1u, 0xB2u, 0xA1u, 0xC1u, 0xC2u], subscriber.ReleasedSsrcs);
        Assert.Empty(publisher.ReleasedSsrcs);
    }

    [Fact]
    public void ADownTrackWhoseSendsFailOnAConnectedTransportAsksForNoKeyframesUntilASendWorks()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("p");
        var video = h.PublishVideo(publisher);
        var refusing = new RecordingSink("refusing") { RefusesRtp = true };
        var down = h.Subscribe(video, refusing, 0xB1);
        var camera = new StreamGenerator(VideoSsrc, TestCodecs.PubVp8, ForwardingHarness.VideoMid);
        h.Send(publisher, camera.Next(RtpPackets.Vp8Keyframe()));
        Assert.True(down.IsSendFailing);

        for (int i = 0; i < 100; i++)                         // 5 s of deltas and of the subscriber's PLIs
        {
            h.Time.AdvanceMilliseconds(50);
            h.Send(publisher, camera.Next(RtpPackets.Vp8Delta()));
            h.SendRtcp(refusing, RtpPackets.Pli(0x5EB, 0xB1));
        }

        Assert.Empty(publisher.Plis);
        Assert.Equal(1, down.SendFailures);                   // only keyframes are tried while waiting for one
        Assert.Equal(0, down.PacketsSent);
        Assert.True(down.IsWaitingForKeyframe);

        // Sending works again: the next keyframe (here another subscriber's) gets through and requests resume.
        refusing.RefusesRtp = false;
        h.Subscribe(video, new RecordingSink("other"), 0xB9);
        Assert.Single(publisher.Plis);
        h.Send(publisher, camera.Next(RtpPackets.Vp8Keyframe(0x42)));
        Assert.False(down.IsSendFailing);
        Assert.Equal(0x42, Assert.Single(refusing.Sent).Payload[^1]);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        h.SendRtcp(refusing, RtpPackets.Pli(0x5EB, 0xB1));
        Assert.Equal(2, publisher.Plis.Count);
    }

    [Fact]
    public void ATransportThatIsNotConnectedYetIsNotASendFailure()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("p");
        var video = h.PublishVideo(publisher);
        var connecting = new RecordingSink("connecting") { Connected = false };
        var down = h.Subscribe(video, connecting, 0xB1);
        var camera = new StreamGenerator(VideoSsrc, TestCodecs.PubVp8, ForwardingHarness.VideoMid);
        h.Send(publisher, camera.Next(RtpPackets.Vp8Keyframe()));
        for (int i = 0; i < 40; i++)                          // 2 s: it keeps asking (throttled) for the keyframe it will need
        {
            h.Time.AdvanceMilliseconds(50);
            h.Send(publisher, camera.Next(RtpPackets.Vp8Delta()));
        }

        Assert.False(down.IsSendFailing);
        Assert.Equal(0, down.SendFailures);
        Assert.Equal(2, publisher.Plis.Count);                 // at 50 ms and 1,050 ms: one a second
    }

    private static DownTrack SubscribeWithRtx(ForwardingHarness h, PublishedTrack track, RecordingSink subscriber, uint ssrc, uint rtxSsrc) =>
        h.Router.Subscribe(track, subscriber, new DownTrackParameters
        {
            Ssrc = ssrc,
            RtxSsrc = rtxSsrc,
            Cname = "c",
            Codecs = TestCodecs.SubscriberVideo,
            HeaderExtensions = TestCodecs.SubscriberExtensions,
            Mid = ssrc.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
}
