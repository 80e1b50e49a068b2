using Sfu.Core.Bwe;
using Sfu.Core.Rtcp;
using Sfu.Core.Rtp.Codecs;

namespace Sfu.Core.Forwarding;

/// <summary>
/// Towards subscribers: each one's transport-wide-cc feedback (or REMB) feeds its bandwidth estimate; every
/// <see cref="AllocationInterval"/> (and at once when the estimate falls) the stream allocator shares it among the
/// subscriber's down-tracks, which move to the granted layers at their next keyframes; when an upgrade is blocked by
/// the estimate, a probe cluster of RTX padding finds out whether the path has room. Layer bitrates are measured per
/// receive stream; layer sizes come from keyframes. Allocates nothing.
/// </summary>
public sealed partial class RoomRouter
{
    /// <summary>How often each subscriber's bandwidth is shared out again.</summary>
    public static TimeSpan AllocationInterval { get; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The window over which each layer's bitrate is measured.</summary>
    public static TimeSpan BitrateWindow { get; } = TimeSpan.FromSeconds(1);

    /// <summary>A probe asks for this much more than the allocator's goal, so that success clears the upgrade.</summary>
    public const double ProbeHeadroom = 1.25;

    /// <summary>
    /// Length of a probe cluster. Longer than a sender's usual 150 ms so that a policed path (which lets a burst through
    /// and drops the rest) shows its loss within the probe instead of passing it as capacity.
    /// </summary>
    public const long ProbeDurationUs = 300_000;

    /// <summary>An estimate this much below the one of the last allocation reallocates at once (0.85 = a 15 % drop).</summary>
    public const double ReallocateOnDrop = 0.85;

    private long _nextBitrateUpdate;

    /// <summary>Transport-wide-cc feedback from a subscriber. False when malformed.</summary>
    private bool OnTransportFeedback(SubscriberTransport subscriber, ReadOnlySpan<byte> rtcp, long now)
    {
        if (subscriber.Bandwidth is not { } bandwidth)
        {
            return true; // nothing negotiated it: not ours to use
        }

        if (!bandwidth.HasFeedback)
        {
            // The first feedback: the estimate starts from what already flows (the down-tracks were unlimited until now).
            bandwidth.Estimator.SetStartRate(StartRate(bandwidth, now));
        }

        if (bandwidth.Estimator.OnTransportFeedback(rtcp, bandwidth.ToMicroseconds(now)) != RtcpParseError.None)
        {
            return false;
        }

        OnEstimateChanged(bandwidth, now);
        return true;
    }

    private void OnRemb(SubscriberTransport subscriber, long bps, long now)
    {
        if (subscriber.Bandwidth is { } bandwidth)
        {
            if (!bandwidth.HasFeedback)
            {
                bandwidth.Estimator.SetStartRate(StartRate(bandwidth, now));
            }

            bandwidth.RembReceived = true;
            bandwidth.Estimator.OnRemb(bps);
            OnEstimateChanged(bandwidth, now);
        }
    }

    /// <summary>
    /// The estimate at the first feedback: what already flows (measured since the first packet, or the measured
    /// bitrates of the layers being forwarded), at least <see cref="Bwe.BandwidthEstimatorSettings.InitialBps"/>, so
    /// that a subscriber receiving the top layer is not cut down the moment it starts reporting.
    /// </summary>
    private long StartRate(SubscriberBandwidth bandwidth, long now)
    {
        long forwarded = 0;
        IReadOnlyList<DownTrack> managed = bandwidth.Managed;
        for (int i = 0; i < managed.Count; i++)
        {
            forwarded += managed[i].ForwardedBitrateBps;
        }

        return Math.Max(BandwidthSettings.InitialBps, Math.Max(bandwidth.BitrateBeforeFeedback(now), forwarded));
    }

    private void OnEstimateChanged(SubscriberBandwidth bandwidth, long now)
    {
        long estimate = bandwidth.Estimator.EstimateBps;
        if (estimate < bandwidth.LastAllocatedEstimateBps * ReallocateOnDrop)
        {
            bandwidth.NextAllocation = now; // a drop: do not wait for the next allocation tick
        }
    }

    /// <summary>A keyframe's first packet: learn the layer's frame size (VP8 carries it in every keyframe).</summary>
    private static void OnKeyframe(PublishedTrack track, RtpStreamReceiver receiver, CodecFamily family, ReadOnlySpan<byte> payload)
    {
        if (family != CodecFamily.Vp8
            || !Vp8PayloadDescriptor.TryReadKeyframeSize(payload, out int width, out int height)
            || (width == receiver.Width && height == receiver.Height))
        {
            return; // nothing new: most keyframes repeat the layer's size
        }

        if (track.OnFrameSize(receiver.Layer, width, height))
        {
            // The quality order changed: the down-tracks renumber the layer they forward.
            for (int i = 0; i < track.DownTracks.Count; i++)
            {
                track.DownTracks[i].OnLayerOrderChanged();
            }
        }
        else
        {
            for (int i = 0; i < track.DownTracks.Count; i++)
            {
                track.DownTracks[i].UpdatePreferenceCeiling(LayerChangeReason.Preference);
            }
        }
    }

    /// <summary>The bandwidth work due now: layer bitrates, allocations, probe padding.</summary>
    private void TickBandwidth(long now)
    {
        if (now >= _nextBitrateUpdate)
        {
            _nextBitrateUpdate = now + ToTicks(BitrateWindow) / 4;
            long window = ToTicks(BitrateWindow);
            for (int i = 0; i < _tracks.Count; i++)
            {
                PublishedTrack track = _tracks[i];
                for (int layer = 0; layer < track.Layers.Count; layer++)
                {
                    track.Layer(layer).UpdateBitrate(now, window);
                }
            }
        }

        for (int i = 0; i < _subscriberList.Count; i++)
        {
            SubscriberTransport subscriber = _subscriberList[i];
            if (subscriber.Bandwidth is not { HasFeedback: true } bandwidth)
            {
                continue; // until the subscriber reports, its down-tracks follow its preferences alone
            }

            if (now >= bandwidth.NextAllocation)
            {
                bandwidth.NextAllocation = now + ToTicks(AllocationInterval);
                Allocate(bandwidth, now);
            }

            SendProbePadding(subscriber, bandwidth, now);
        }
    }

    /// <summary>Shares the subscriber's estimate among its down-tracks and applies the result.</summary>
    private void Allocate(SubscriberBandwidth bandwidth, long now)
    {
        StreamAllocator allocator = bandwidth.Allocator;
        IReadOnlyList<DownTrack> managed = bandwidth.Managed;
        for (int i = 0; i < managed.Count; i++)
        {
            DownTrack downTrack = managed[i];
            PublishedTrack track = downTrack.Track;
            int slot = downTrack.AllocatorSlot;
            int highestLive = -1;
            for (int quality = track.Layers.Count - 1; quality >= 0; quality--)
            {
                if (track.IsQualityLive(quality, now, StallTicks))
                {
                    highestLive = quality;
                    break;
                }
            }

            // A paused or muted track, or one with nothing arriving, takes no bandwidth.
            allocator.SetPausedBySubscriber(slot, downTrack.Paused || track.Muted || highestLive < 0);
            allocator.SetPreferredMaxLayer(slot, Math.Min(downTrack.PreferenceCeiling, Math.Max(highestLive, 0)));
            for (int quality = 0; quality < track.Layers.Count; quality++)
            {
                allocator.SetLayerBitrate(slot, quality, track.LayerByQuality(quality).BitrateBps);
            }
        }

        long estimate = bandwidth.Estimator.EstimateBps;
        long nowUs = bandwidth.ToMicroseconds(now);
        allocator.Allocate(estimate, nowUs, lossy: bandwidth.Estimator.LossFraction > LossBasedController.HighLoss);
        bandwidth.LastAllocatedEstimateBps = estimate;
        Metrics.BandwidthEstimated(estimate);
        for (int i = 0; i < managed.Count; i++)
        {
            DownTrack downTrack = managed[i];
            downTrack.ApplyAllocation(allocator.TargetLayer(downTrack.AllocatorSlot), allocator.Reason(downTrack.AllocatorSlot));
        }

        if (allocator.ProbeGoalBps > estimate)
        {
            bandwidth.Estimator.RequestProbe((long)(allocator.ProbeGoalBps * ProbeHeadroom), nowUs, ProbeDurationUs);
        }
    }

    /// <summary>Tops an active probe cluster up to its rate with RTX padding on a video down-track that has RTX.</summary>
    private void SendProbePadding(SubscriberTransport subscriber, SubscriberBandwidth bandwidth, long now)
    {
        ProbeController probes = bandwidth.Estimator.Probes;
        if (!probes.IsActive)
        {
            return;
        }

        int due = probes.PaddingBytesDue(bandwidth.ToMicroseconds(now));
        if (due <= 0)
        {
            return;
        }

        IReadOnlyList<DownTrack> managed = bandwidth.Managed;
        for (int i = 0; i < managed.Count; i++)
        {
            if (managed[i].CanSendPadding)
            {
                managed[i].SendPadding(_rtpScratch, due, now);
                return;
            }
        }
    }
}
