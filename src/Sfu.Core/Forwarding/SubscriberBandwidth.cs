using Sfu.Core.Bwe;

namespace Sfu.Core.Forwarding;

/// <summary>
/// One subscriber's send-side bandwidth estimate (from its transport-wide-cc feedback, or its REMB), the stream
/// allocator that shares it among the subscriber's down-tracks, and the probe padding that tests for more. Owned by a
/// <see cref="SubscriberEndpoint"/> whose subscriber negotiated transport-wide-cc or REMB; media worker thread only.
/// </summary>
/// <remarks>
/// Until the first feedback the down-tracks follow the subscriber's preferences alone. The first feedback starts the
/// estimate from what already flows; from then on every <see cref="RoomRouter.AllocationInterval"/> (at once when the
/// estimate falls by more than <see cref="RoomRouter.ReallocateOnDrop"/>) the allocator's grant is applied to each
/// down-track, which moves to it at its next keyframe. Allocates nothing after setup but when the estimator's history
/// grows with the packet rate (on the tick, a few times in the subscriber's life).
/// </remarks>
internal sealed class SubscriberBandwidth
{
    private const int InitialCapacity = 16;

    /// <summary>Added to each RTP packet's size for the estimator: the SRTP tag (10-16 bytes), about.</summary>
    private const int SrtpOverhead = 12;

    private readonly ForwardingContext _context;
    private readonly BandwidthEstimatorSettings _settings;
    private readonly List<DownTrack> _managed = [];
    private bool _rembReceived;
    private long _nextAllocation;
    private long _lastAllocatedEstimateBps;
    private long _bytesBeforeFeedback;
    private long _firstSend = long.MinValue;

    public SubscriberBandwidth(ForwardingContext context, BandwidthEstimatorSettings settings, long now)
    {
        _context = context;
        _settings = settings;
        Estimator = new SendSideBandwidthEstimator(settings);
        Allocator = new StreamAllocator(InitialCapacity);
        _nextAllocation = now;
    }

    public SendSideBandwidthEstimator Estimator { get; }

    public StreamAllocator Allocator { get; private set; }

    /// <summary>True once the subscriber gave bandwidth feedback (transport-wide-cc or REMB).</summary>
    public bool HasFeedback => Estimator.HasTransportFeedback || _rembReceived;

    /// <summary>The down-tracks the allocator manages (slot = <see cref="DownTrack.AllocatorSlot"/>).</summary>
    public IReadOnlyList<DownTrack> Managed => _managed;

    /// <summary>Gives the down-track a slot in the allocator (growing it when full; setup path, may allocate).</summary>
    public void Add(DownTrack downTrack)
    {
        if (_managed.Count == Allocator.Capacity)
        {
            var larger = new StreamAllocator(Allocator.Capacity * 2);
            foreach (DownTrack existing in _managed)
            {
                existing.AllocatorSlot = larger.AddTrack(existing.Track.Kind, existing.Track.Source, existing.Track.LayerCount);
            }

            Allocator = larger;
        }

        downTrack.AllocatorSlot = Allocator.AddTrack(downTrack.Track.Kind, downTrack.Track.Source, downTrack.Track.LayerCount);
        _managed.Add(downTrack);
    }

    public void Remove(DownTrack downTrack)
    {
        if (_managed.Remove(downTrack))
        {
            Allocator.RemoveTrack(downTrack.AllocatorSlot);
            downTrack.AllocatorSlot = -1;
        }
    }

    /// <summary>A packet carrying transport-wide sequence number <paramref name="transportSequenceNumber"/> went out.</summary>
    public void OnPacketSent(ushort transportSequenceNumber, int length, long now, bool isProbe)
    {
        int size = length + SrtpOverhead;
        if (!HasFeedback)
        {
            if (_firstSend == long.MinValue)
            {
                _firstSend = now;
            }

            _bytesBeforeFeedback += size;
        }

        Estimator.OnPacketSent(transportSequenceNumber, size, _context.ToMicroseconds(now), isProbe);
    }

    /// <summary>Transport-wide-cc feedback from the subscriber; false when malformed.</summary>
    public bool OnTransportFeedback(ReadOnlySpan<byte> rtcp, long now)
    {
        if (!HasFeedback)
        {
            // The first feedback: the estimate starts from what already flows (the down-tracks were unlimited until now).
            Estimator.SetStartRate(StartRate(now));
        }

        if (Estimator.OnTransportFeedback(rtcp, _context.ToMicroseconds(now)) != Rtcp.RtcpParseError.None)
        {
            return false;
        }

        OnEstimateChanged(now);
        return true;
    }

    /// <summary>A REMB from the subscriber: its estimate is taken as is.</summary>
    public void OnRemb(long bps, long now)
    {
        if (!HasFeedback)
        {
            Estimator.SetStartRate(StartRate(now));
        }

        _rembReceived = true;
        Estimator.OnRemb(bps);
        OnEstimateChanged(now);
    }

    /// <summary>The bandwidth work due now: an allocation when due, probe padding while a probe runs.</summary>
    public void Tick(long now)
    {
        Estimator.Maintain(); // sizes its history to the packet rate (allocates only when it grows)
        if (!HasFeedback)
        {
            return; // until the subscriber reports, its down-tracks follow its preferences alone
        }

        if (now >= _nextAllocation)
        {
            _nextAllocation = now + _context.ToTicks(RoomRouter.AllocationInterval);
            Allocate(now);
        }

        SendProbePadding(now);
    }

    /// <summary>
    /// The estimate at the first feedback: what already flows (measured since the first packet, or the measured
    /// bitrates of the layers being forwarded), at least <see cref="BandwidthEstimatorSettings.InitialBps"/>, so that a
    /// subscriber receiving the top layer is not cut down the moment it starts reporting.
    /// </summary>
    private long StartRate(long now)
    {
        long forwarded = 0;
        for (int i = 0; i < _managed.Count; i++)
        {
            forwarded += _managed[i].ForwardedBitrateBps;
        }

        long elapsed = now - _firstSend;
        long sentBefore = _firstSend == long.MinValue || elapsed < _context.Frequency / 10 ? 0 : RtpClock.ToUnits(_bytesBeforeFeedback * 8, elapsed, _context.Frequency);
        return Math.Max(_settings.InitialBps, Math.Max(sentBefore, forwarded));
    }

    private void OnEstimateChanged(long now)
    {
        if (Estimator.EstimateBps < _lastAllocatedEstimateBps * RoomRouter.ReallocateOnDrop)
        {
            _nextAllocation = now; // a drop: do not wait for the next allocation tick
        }
    }

    /// <summary>Shares the estimate among the down-tracks and applies the result.</summary>
    private void Allocate(long now)
    {
        StreamAllocator allocator = Allocator;
        for (int i = 0; i < _managed.Count; i++)
        {
            DownTrack downTrack = _managed[i];
            PublishedTrack track = downTrack.Track;
            int slot = downTrack.AllocatorSlot;
            SpatialLayer highestLive = track.LiveLayers(now).Highest;

            // A paused or muted track, or one with nothing arriving, takes no bandwidth.
            allocator.SetPausedBySubscriber(slot, downTrack.Paused || track.Muted || highestLive.IsNone);
            allocator.SetPreferredMaxLayer(slot, Math.Min(downTrack.PreferenceCeiling.Value, Math.Max(highestLive.Value, 0)));
            for (int quality = 0; quality < track.LayerCount; quality++)
            {
                allocator.SetLayerBitrate(slot, quality, track.ReceiverOf(new SpatialLayer(quality)).BitrateBps);
            }
        }

        long estimate = Estimator.EstimateBps;
        long nowUs = _context.ToMicroseconds(now);
        allocator.Allocate(estimate, nowUs, lossy: Estimator.LossFraction > LossBasedController.HighLoss);
        _lastAllocatedEstimateBps = estimate;
        _context.Metrics.BandwidthEstimated(estimate);
        for (int i = 0; i < _managed.Count; i++)
        {
            DownTrack downTrack = _managed[i];
            downTrack.ApplyAllocation(allocator.TargetLayer(downTrack.AllocatorSlot), allocator.Reason(downTrack.AllocatorSlot));
        }

        if (allocator.ProbeGoalBps > estimate)
        {
            Estimator.RequestProbe((long)(allocator.ProbeGoalBps * RoomRouter.ProbeHeadroom), nowUs, RoomRouter.ProbeDurationUs);
        }
    }

    /// <summary>Tops an active probe cluster up to its rate with RTX padding on a video down-track that has RTX.</summary>
    private void SendProbePadding(long now)
    {
        ProbeController probes = Estimator.Probes;
        if (!probes.IsActive)
        {
            return;
        }

        int due = probes.PaddingBytesDue(_context.ToMicroseconds(now));
        if (due <= 0)
        {
            return;
        }

        for (int i = 0; i < _managed.Count; i++)
        {
            if (_managed[i].CanSendPadding)
            {
                _managed[i].SendPadding(_context.RtpScratch, due, now);
                return;
            }
        }
    }
}
