using Sfu.Core.Diagnostics;
using Sfu.Core.Forwarding;
using Sfu.Core.Sdp;

namespace Sfu.Core.Tests.Forwarding;

public class LifecycleTests
{
    private const uint AudioSsrc = 0x7777_0001;
    private const uint VideoSsrc = 0x7777_0002;

    [Fact]
    public void AMutedTrackForwardsNothingAndUnmutingVideoAsksForAKeyframe()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var audio = h.PublishAudio(publisher);
        var video = h.PublishVideo(publisher);
        var subscriber = new RecordingSink("s");
        h.Subscribe(audio, subscriber, 0xA1);
        var videoDown = h.Subscribe(video, subscriber, 0xB1);
        var mic = new StreamGenerator(AudioSsrc, TestCodecs.PubOpus, ForwardingHarness.AudioMid);
        var camera = new StreamGenerator(VideoSsrc, TestCodecs.PubVp8, ForwardingHarness.VideoMid);
        h.Send(publisher, mic.Next(RtpPackets.Opus()));
        h.Send(publisher, camera.Next(RtpPackets.Vp8Keyframe()));
        h.Time.Advance(TimeSpan.FromSeconds(5));
        publisher.Clear();

        h.Router.SetMuted(audio, true);
        h.Router.SetMuted(video, true);
        Assert.True(audio.Muted);
        for (int i = 0; i < 5; i++)
        {
            h.Send(publisher, mic.Next(RtpPackets.Opus()));
            h.Send(publisher, camera.Next(RtpPackets.Vp8Delta()));
        }

        Assert.Equal(2, subscriber.Rtp.Count);
        h.Router.SetMuted(audio, false);
        h.Router.SetMuted(video, false);
        Assert.Equal([VideoSsrc], publisher.Plis);
        Assert.True(videoDown.IsWaitingForKeyframe);
        h.Send(publisher, mic.Next(RtpPackets.Opus()));
        h.Send(publisher, camera.Next(RtpPackets.Vp8Delta()));
        h.Send(publisher, camera.Next(RtpPackets.Vp8Keyframe()));

        var toSubscriber = subscriber.Sent;
        Assert.Equal(4, toSubscriber.Count);
        var audioSent = toSubscriber.Where(p => p.Ssrc == 0xA1).ToList();
        var videoSent = toSubscriber.Where(p => p.Ssrc == 0xB1).ToList();
        Assert.Equal(1, (ushort)(audioSent[1].SequenceNumber - audioSent[0].SequenceNumber));
        Assert.Equal(1, (ushort)(videoSent[1].SequenceNumber - videoSent[0].SequenceNumber));
    }

    [Fact]
    public void RemovingATrackClosesItsDownTracksAndItsPacketsAreDropped()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var audio = h.PublishAudio(publisher);
        var video = h.PublishVideo(publisher);
        var subscriber = new RecordingSink("s");
        var audioDown = h.Subscribe(audio, subscriber, 0xA1);
        var videoDown = h.Subscribe(video, subscriber, 0xB1);
        var mic = new StreamGenerator(AudioSsrc, TestCodecs.PubOpus, ForwardingHarness.AudioMid);
        h.Send(publisher, mic.Next(RtpPackets.Opus()));

        h.Router.RemovePublishedTrack(audio);
        h.Send(publisher, mic.Next(RtpPackets.Opus()));

        Assert.True(audio.IsClosed);
        Assert.True(audioDown.IsClosed);
        Assert.False(videoDown.IsClosed);
        Assert.Empty(audio.DownTracks);
        Assert.Equal([videoDown], h.Router.DownTracks);
        Assert.Equal([video], h.Router.Tracks);
        Assert.Single(subscriber.Rtp);
        Assert.Equal(1, h.Recorder.Dropped(DropReason.UnknownSsrc));
        Assert.Throws<ArgumentException>(() => h.Subscribe(audio, new RecordingSink("late"), 0xA9));

        // The subscriber's RTCP about the closed down-track is ignored, and its SSRC can be used again.
        h.SendRtcp(subscriber, RtpPackets.Pli(1, 0xA1));
        var again = h.PublishAudio(publisher, trackId: "audio2");
        Assert.False(h.Subscribe(again, subscriber, 0xA1).IsClosed);
    }

    [Fact]
    public void RemovingASubscriberTransportFreesItsDownTracksOnly()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var audio = h.PublishAudio(publisher);
        var video = h.PublishVideo(publisher);
        var leaving = new RecordingSink("leaving");
        var staying = new RecordingSink("staying");
        var leavingAudio = h.Subscribe(audio, leaving, 0xA1);
        var leavingVideo = h.Subscribe(video, leaving, 0xB1);
        var stayingAudio = h.Subscribe(audio, staying, 0xA2);

        h.Router.RemoveTransport(leaving);
        var mic = new StreamGenerator(AudioSsrc, TestCodecs.PubOpus, ForwardingHarness.AudioMid);
        h.Send(publisher, mic.Next(RtpPackets.Opus()));

        Assert.True(leavingAudio.IsClosed && leavingVideo.IsClosed);
        Assert.Equal([stayingAudio], audio.DownTracks);
        Assert.Empty(video.DownTracks);
        Assert.Empty(leaving.Rtp);
        Assert.Single(staying.Rtp);
    }

    [Fact]
    public void RemovingAPublisherTransportRemovesItsTracksAndTheirDownTracks()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var other = new RecordingSink("other");
        var audio = h.PublishAudio(publisher);
        var video = h.PublishVideo(publisher);
        var otherAudio = h.PublishAudio(other, trackId: "other-audio");
        var subscriber = new RecordingSink("s");
        h.Subscribe(audio, subscriber, 0xA1);
        h.Subscribe(video, subscriber, 0xB1);
        var kept = h.Subscribe(otherAudio, subscriber, 0xA2);

        h.Router.RemoveTransport(publisher);
        h.Router.Tick();

        Assert.True(audio.IsClosed && video.IsClosed);
        Assert.Equal([otherAudio], h.Router.Tracks);
        Assert.Equal([kept], h.Router.DownTracks);
        h.Send(publisher, RtpPackets.Build(AudioSsrc, 1, 1, TestCodecs.PubOpus, RtpPackets.Opus()));
        Assert.Equal(1, h.Recorder.Dropped(DropReason.UnknownSsrc));
    }

    [Fact]
    public void UnsubscribeStopsOneDownTrack()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var audio = h.PublishAudio(publisher);
        var first = new RecordingSink("first");
        var second = new RecordingSink("second");
        var gone = h.Subscribe(audio, first, 0xA1);
        h.Subscribe(audio, second, 0xA2);
        h.Router.Unsubscribe(gone);
        h.Router.Unsubscribe(gone);
        h.Send(publisher, new StreamGenerator(AudioSsrc, TestCodecs.PubOpus, ForwardingHarness.AudioMid).Next(RtpPackets.Opus()));

        Assert.True(gone.IsClosed);
        Assert.Empty(first.Rtp);
        Assert.Single(second.Rtp);
    }

    [Fact]
    public void SubscribingNeedsACodecInCommon()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var audio = h.PublishAudio(publisher);
        var h264Only = h.PublishVideo(publisher, trackId: "h264", mid: "2", codecs: [TestCodecs.H264(102, profile: "42e01f", packetizationMode: 1)]);

        Assert.True(RoomRouter.CanSubscribe(audio, TestCodecs.SubscriberAudio));
        Assert.False(RoomRouter.CanSubscribe(audio, [TestCodecs.TelephoneEvent(101)]));      // DTMF alone carries no audio
        Assert.True(RoomRouter.CanSubscribe(h264Only, [TestCodecs.H264(108, profile: "42e034", packetizationMode: 1)])); // level differs: fine
        Assert.False(RoomRouter.CanSubscribe(h264Only, [TestCodecs.H264(108, profile: "640c1f", packetizationMode: 1)])); // High profile
        Assert.False(RoomRouter.CanSubscribe(h264Only, [TestCodecs.H264(108, profile: "42e01f", packetizationMode: 0)]));
        Assert.False(RoomRouter.CanSubscribe(h264Only, [TestCodecs.Vp8(96)]));

        var error = Assert.Throws<ArgumentException>(() => h.Router.Subscribe(h264Only, new RecordingSink("s"), new DownTrackParameters
        {
            Ssrc = 1,
            Cname = "c",
            Codecs = [TestCodecs.Vp8(96)],
        }));
        Assert.Contains("codecs", error.Message);
    }

    [Fact]
    public void DuplicateTrackIdsMidsAndSsrcsAreRejected()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var audio = h.PublishAudio(publisher);
        Assert.Throws<ArgumentException>(() => h.PublishAudio(new RecordingSink("other"), trackId: "audio", mid: "7"));
        Assert.Throws<ArgumentException>(() => h.PublishAudio(publisher, trackId: "again", mid: ForwardingHarness.AudioMid));
        var subscriber = new RecordingSink("s");
        h.Subscribe(audio, subscriber, 0xA1);
        Assert.Throws<ArgumentException>(() => h.Subscribe(h.PublishVideo(publisher), subscriber, 0xA1));
        Assert.Equal(2, h.Router.Tracks.Count);
    }

    [Fact]
    public void ASubscriberTransportThatIsNotConnectedYetGetsVideoFromAKeyframeOnceItIs()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var video = h.PublishVideo(publisher);
        var subscriber = new RecordingSink("s") { Connected = false };
        var downTrack = h.Subscribe(video, subscriber, 0xB1);
        var camera = new StreamGenerator(VideoSsrc, TestCodecs.PubVp8, ForwardingHarness.VideoMid);
        h.Send(publisher, camera.Next(RtpPackets.Vp8Keyframe()));
        Assert.Equal(0, downTrack.PacketsSent);
        Assert.True(downTrack.IsWaitingForKeyframe);

        subscriber.Connected = true;
        h.Send(publisher, camera.Next(RtpPackets.Vp8Delta()));
        h.Send(publisher, camera.Next(RtpPackets.Vp8Keyframe(0x42)));
        Assert.Equal(0x42, Assert.Single(subscriber.Sent).Payload[^1]);
        Assert.Equal(1, downTrack.PacketsSent);
        Assert.Equal(subscriber.Rtp[0].Length, downTrack.BytesSent);
    }
}
