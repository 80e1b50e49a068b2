using Sfu.Core.Diagnostics;
using Sfu.Core.Forwarding;

namespace Sfu.Core.Tests.Forwarding;

/// <summary>
/// One publisher's endpoint: SSRCs bound to the receive stream (rid index) they carry, learning bounded, bindings freed
/// with their track, sender reports kept only for a stream's current SSRC, keyframe requests throttled per stream.
/// </summary>
public class PublisherEndpointTests
{
    [Fact]
    public void EachRidsSsrcIsLearnedIntoItsOwnReceiveStreamWhateverTheRidOrder()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("p");
        var video = h.PublishVideo(publisher, rids: ["l", "h"]);

        h.Send(publisher, new StreamGenerator(0x20, TestCodecs.PubVp8, ForwardingHarness.VideoMid, rid: "h").Next(RtpPackets.Vp8Keyframe()));
        h.Send(publisher, new StreamGenerator(0x10, TestCodecs.PubVp8, ForwardingHarness.VideoMid, rid: "l").Next(RtpPackets.Vp8Keyframe()));

        Assert.Equal(new RidIndex(1), video.Layers[1].RidIndex);
        Assert.Equal((0x10u, 0x20u), (video.Layers[0].Ssrc, video.Layers[1].Ssrc));
        Assert.Equal(2, video.Endpoint.LearnedSsrcCount);

        // The rid order says nothing about quality: listed first is taken as the highest until sizes are seen.
        Assert.Equal(new SpatialLayer(1), video.SpatialLayerOf(new RidIndex(0)));
        Assert.Equal(new RidIndex(1), video.RidIndexOf(SpatialLayer.Lowest));
        Assert.Same(video.Layers[1], video.ReceiverOf(SpatialLayer.Lowest));
    }

    [Fact]
    public void LearningStopsAtTheLimitOfSsrcsInUseSoAPublisherCannotGrowTheTable()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("p");
        const int Tracks = PublisherEndpoint.MaxLearnedSsrcs + 10;
        var tracks = Enumerable.Range(0, Tracks).Select(i => h.PublishAudio(publisher, "a" + i, "m" + i)).ToList();
        for (int i = 0; i < Tracks; i++)
        {
            h.Send(publisher, new StreamGenerator(0x1000 + (uint)i, TestCodecs.PubOpus, "m" + i).Next(RtpPackets.Opus()));
        }

        Assert.Equal(PublisherEndpoint.MaxLearnedSsrcs, tracks[0].Endpoint.LearnedSsrcCount);
        Assert.Equal(10, h.Recorder.Dropped(DropReason.UnknownSsrc));
        Assert.All(tracks.Skip(PublisherEndpoint.MaxLearnedSsrcs), t => Assert.False(t.Layers[0].HasSsrc));

        // Removing tracks frees their learned SSRCs: the next tracks learn theirs.
        h.Router.RemovePublishedTrack(tracks[0]);
        h.Send(publisher, new StreamGenerator(0x2000, TestCodecs.PubOpus, "m" + (Tracks - 1)).Next(RtpPackets.Opus()));
        Assert.Equal(0x2000u, tracks[^1].Layers[0].Ssrc);
        Assert.Equal(PublisherEndpoint.MaxLearnedSsrcs, tracks[0].Endpoint.LearnedSsrcCount);
    }

    [Fact]
    public void AStreamThatKeepsMovingToNewSsrcsKeepsOnlyTheLastRetiredOnes()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("p");
        var audio = h.PublishAudio(publisher);
        for (uint i = 0; i < 200; i++) // a camera restarted 200 times, each time on a new SSRC
        {
            h.Send(publisher, new StreamGenerator(0x1000 + i, TestCodecs.PubOpus, ForwardingHarness.AudioMid).Next(RtpPackets.Opus()));
        }

        Assert.Equal(0x1000u + 199, audio.Layers[0].Ssrc);
        Assert.Equal(1, audio.Endpoint.LearnedSsrcCount);
        Assert.Equal(1 + PublisherEndpoint.MaxRetiredSsrcs, audio.Endpoint.BoundSsrcCount);

        // A straggler of a recently retired SSRC is dropped, it does not move the stream back.
        h.Send(publisher, new StreamGenerator(0x1000 + 198, TestCodecs.PubOpus, ForwardingHarness.AudioMid, firstSequenceNumber: 7).Next(RtpPackets.Opus()));
        Assert.Equal(0x1000u + 199, audio.Layers[0].Ssrc);
        Assert.Equal(1, h.Recorder.Dropped(DropReason.UnknownSsrc));
    }

    [Fact]
    public void RemovingATrackFreesItsSsrcsForTheNextTrackOfTheTransport()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("p");
        h.PublishVideo(publisher); // keeps the endpoint alive
        var first = h.PublishAudio(publisher, declaredSsrcs: [0x77]);
        Assert.Throws<ArgumentException>(() => h.PublishAudio(publisher, "again", "7", declaredSsrcs: [0x77]));

        h.Router.RemovePublishedTrack(first);
        var second = h.PublishAudio(publisher, "second", "8", declaredSsrcs: [0x77]);
        h.Send(publisher, RtpPackets.Build(0x77, 1, 1, TestCodecs.PubOpus, RtpPackets.Opus()));

        Assert.Same(first.Endpoint, second.Endpoint);
        Assert.Equal(1, second.Layers[0].PacketsReceived);
        Assert.Equal(0, first.Layers[0].PacketsReceived);
    }

    [Fact]
    public void ASenderReportCountsOnlyForTheCurrentSsrcOfAStream()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("p");
        var audio = h.PublishAudio(publisher);
        h.Send(publisher, new StreamGenerator(0x10, TestCodecs.PubOpus, ForwardingHarness.AudioMid).Next(RtpPackets.Opus()));
        h.Send(publisher, new StreamGenerator(0x11, TestCodecs.PubOpus, ForwardingHarness.AudioMid).Next(RtpPackets.Opus())); // the stream moved

        h.SendRtcp(publisher, RtpPackets.SenderReport(0x10, 0xE000_0000_0000_0000, 1));
        Assert.Null(audio.Layers[0].LastSenderReportNtp);
        h.SendRtcp(publisher, RtpPackets.SenderReport(0x11, 0xE000_0000_0000_0000, 1));
        Assert.Equal(0xE000_0000_0000_0000, audio.Layers[0].LastSenderReportNtp);
    }

    [Fact]
    public void KeyframeRequestsAreThrottledPerReceiveStreamNotPerTrack()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("p");
        var video = h.PublishVideo(publisher, rids: ["h", "l"]);
        h.Send(publisher, new StreamGenerator(0x20, TestCodecs.PubVp8, ForwardingHarness.VideoMid, rid: "h").Next(RtpPackets.Vp8Keyframe()));
        h.Send(publisher, new StreamGenerator(0x10, TestCodecs.PubVp8, ForwardingHarness.VideoMid, rid: "l").Next(RtpPackets.Vp8Keyframe()));
        var endpoint = video.Endpoint;

        endpoint.RequestKeyframe(video, video.Layers[0]);
        endpoint.RequestKeyframe(video, video.Layers[0]);
        endpoint.RequestKeyframe(video, video.Layers[1]);
        Assert.Equal([0x20u, 0x10u], publisher.Plis);

        h.Time.Advance(RoomRouter.KeyframeRequestInterval);
        endpoint.RequestKeyframe(video, video.Layers[0]);
        Assert.Equal([0x20u, 0x10u, 0x20u], publisher.Plis);
        Assert.Equal(2, video.Layers[0].KeyframeRequestsSent);
    }
}
