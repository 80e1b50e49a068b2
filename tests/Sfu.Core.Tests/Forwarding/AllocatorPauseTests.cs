using System.Buffers.Binary;
using Sfu.Core.Bwe;
using Sfu.Core.Diagnostics;
using Sfu.Core.Forwarding;
using Sfu.Core.Rtp;
using Sfu.Core.Sdp;

namespace Sfu.Core.Tests.Forwarding;

/// <summary>
/// When not even the lowest layer fits the subscriber's estimate, the allocator pauses its video (never its audio);
/// probes of RTX padding look for the bandwidth to bring it back.
/// </summary>
public class AllocatorPauseTests
{
    private const byte SubscriberVp8Rtx = 121;
    private const int Low = 2; // rid order h, m, l

    [Fact]
    public void ARembTooLowForTheLowestLayerPausesTheVideoButNotTheAudioUntilItRises()
    {
        using var metrics = new MediaMetrics();
        var rembOnly = new Dictionary<string, int>(TestCodecs.SubscriberExtensions);
        rembOnly.Remove(RtpHeaderExtensionUri.TransportWideCc);
        var loop = new SimulcastLoop(
            metrics,
            withAudio: true,
            subscriberVideoCodecs: [TestCodecs.Vp8(TestCodecs.SubVp8, SubscriberVp8Rtx, RtcpFeedbackFlags.Nack | RtcpFeedbackFlags.Pli | RtcpFeedbackFlags.Remb)],
            subscriberExtensions: rembOnly);
        DownTrack video = loop.Video;
        loop.Run(TimeSpan.FromSeconds(2));
        Assert.Equal(2, video.CurrentLayer);
        Assert.Null(video.AllocatedLayer); // no feedback yet: nothing limits it

        // 50 kbit/s: the audio (about 42 kbit/s) fits, the 150 kbit/s low layer does not.
        loop.Link.SendRemb(50_000);
        loop.Run(TimeSpan.FromMilliseconds(300));
        Assert.Equal(50_000, video.BandwidthEstimateBps);
        Assert.True(video.PausedByAllocator);
        Assert.Equal(AllocationReason.PausedNoBandwidth, video.AllocationReason);
        Assert.Equal(-1, video.AllocatedLayer);
        Assert.Equal(-1, video.CurrentLayer);
        Assert.Equal(AllocationReason.Audio, loop.Audio!.AllocationReason);

        long videoPackets = loop.Link.VideoPackets;
        long audioPackets = loop.Link.AudioPackets;
        long videoSent = video.PacketsSent;
        loop.Run(TimeSpan.FromSeconds(4));
        Assert.Equal(videoPackets, loop.Link.VideoPackets);
        Assert.Equal(videoSent, video.PacketsSent);
        Assert.InRange(loop.Link.AudioPackets - audioPackets, 195, 205); // 50 a second
        Assert.Equal(0, loop.Link.ProbePaddingPackets + loop.Link.OtherRtxPackets); // no transport-wide-cc: no probing

        // The REMB rises: after the hold that follows a drop, the video comes back at a keyframe, one stream still.
        int[] plis = [.. loop.Publisher.PlisReceived];
        loop.Link.SendRemb(3_000_000);
        Assert.NotNull(loop.RunUntil(() => loop.Link.VideoPackets > videoPackets, TimeSpan.FromSeconds(15)));
        Assert.False(video.PausedByAllocator);
        int resumedAt = video.CurrentLayer;
        Assert.True(resumedAt >= 0);
        Assert.Equal(resumedAt, video.AllocatedLayer);
        AssertKeyframeRequestsOnlyFor(loop, plis, resumedAt);
        Assert.Equal(0, loop.Link.SequenceGaps);
        Assert.Equal(0, loop.Link.TimestampRegressions);
        Assert.Equal(0, loop.Link.PictureIdBreaks);
        Assert.Equal(0, loop.Link.Tl0PicIdxBreaks);
        Assert.InRange(loop.Link.MaxFrameTimestampStep, 4 * 90_000u, 60 * 90_000u); // the pause shows in the timestamps
    }

    [Fact]
    public void AStarvedLinkPausesTheVideoKeepsTheAudioAndProbesWithRtxPaddingUntilItComesBack()
    {
        using var metrics = new MediaMetrics();
        var loop = new SimulcastLoop(metrics, withAudio: true, linkBps: 2_500_000);
        DownTrack video = loop.Video;
        loop.Run(TimeSpan.FromSeconds(3));
        Assert.Equal(2, video.CurrentLayer);

        // 100 kbit/s carries the audio but not the audio plus the lowest video layer.
        loop.Link.CapacityBps = 100_000;
        Assert.NotNull(loop.RunUntil(() => video.PausedByAllocator, TimeSpan.FromSeconds(5)));
        Assert.Equal(-1, video.CurrentLayer);
        Assert.Equal(-1, video.AllocatedLayer);
        Assert.Equal(AllocationReason.PausedNoBandwidth, video.AllocationReason);
        Assert.InRange(video.BandwidthEstimateBps!.Value, 30_000, 190_000);

        loop.Link.Recorded = [];
        long probesBefore = loop.Link.ProbePaddingPackets;
        loop.Run(TimeSpan.FromSeconds(20));
        Assert.True(video.PausedByAllocator);
        var sent = loop.Link.Recorded.Select(p => new SentPacket(p)).ToList();
        Assert.DoesNotContain(sent, p => p.Ssrc == SimulcastLoop.VideoSsrc);
        Assert.InRange(sent.Count(p => p.Ssrc == SimulcastLoop.AudioSsrc), 990, 1010);

        // The allocator wants the low layer back: probe clusters of padding-only RTX packets, counted by transport-cc.
        var probes = sent.Where(p => p.Ssrc == SimulcastLoop.VideoRtxSsrc).ToList();
        Assert.NotEmpty(probes);
        Assert.Equal(probes.Count, loop.Link.ProbePaddingPackets - probesBefore);
        Assert.All(probes, p =>
        {
            Assert.Equal(SubscriberVp8Rtx, p.PayloadType);
            Assert.True(p.Header.HasPadding);
            Assert.Equal(0, p.Header.PayloadLength);
            Assert.InRange(p.Header.PaddingLength, 32, 255);
            Assert.Equal(p.Header.PaddingLength, p.Bytes[^1]);
            Assert.All(p.Bytes[(p.Bytes.Length - p.Header.PaddingLength)..^1], b => Assert.Equal(0, b));
            Assert.Equal(2, p.Extension(TestCodecs.SubTransportCc)?.Length);
            Assert.Equal(3, p.Extension(TestCodecs.SubAbsSendTime)?.Length);
        });
        Assert.All(probes.Zip(probes.Skip(1)), pair => Assert.Equal(1, (ushort)(pair.Second.SequenceNumber - pair.First.SequenceNumber)));

        // One transport-wide sequence for audio and probes alike, without holes.
        var transportSequence = sent.Select(p => BinaryPrimitives.ReadUInt16BigEndian(p.Extension(TestCodecs.SubTransportCc))).ToList();
        Assert.All(transportSequence.Zip(transportSequence.Skip(1)), pair => Assert.Equal(1, (ushort)(pair.Second - pair.First)));

        // The link recovers: a probe finds the room and the video comes back, continuing its numbering.
        loop.Link.Recorded = null;
        loop.Link.CapacityBps = 2_500_000;
        int[] plis = [.. loop.Publisher.PlisReceived];
        Assert.NotNull(loop.RunUntil(() => !video.PausedByAllocator, TimeSpan.FromSeconds(60)));
        loop.Run(TimeSpan.FromMilliseconds(200));
        int resumedAt = video.CurrentLayer;
        Assert.True(resumedAt >= 0);
        AssertKeyframeRequestsOnlyFor(loop, plis, resumedAt);
        Assert.Equal(0, loop.Link.SequenceGaps);
        Assert.Equal(0, loop.Link.TimestampRegressions);
        Assert.Equal(0, loop.Link.PictureIdBreaks);
        Assert.Equal(0, loop.Link.SwitchesNotAtKeyframe);
    }

    /// <summary>Since <paramref name="before"/>, keyframes were asked only of the layer the video resumed at.</summary>
    private static void AssertKeyframeRequestsOnlyFor(SimulcastLoop loop, int[] before, int quality)
    {
        int resumed = loop.Track.LayerOfQuality(quality);
        for (int layer = 0; layer < before.Length; layer++)
        {
            int asked = loop.Publisher.PlisReceived[layer] - before[layer];
            if (layer == resumed)
            {
                Assert.True(asked > 0, $"no keyframe asked of layer {layer}");
            }
            else
            {
                Assert.True(asked == 0, $"{asked} keyframe requests for layer {layer} ({loop.Publisher.Layers[layer].Rid}), resumed at {loop.Publisher.Layers[resumed].Rid}");
            }
        }
    }
}
