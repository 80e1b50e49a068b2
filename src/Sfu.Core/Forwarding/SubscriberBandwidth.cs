using Sfu.Core.Bwe;

namespace Sfu.Core.Forwarding;

/// <summary>
/// One subscriber's send-side bandwidth estimate (from its transport-wide-cc feedback, or its REMB) and the stream
/// allocator that shares it among the subscriber's down-tracks. Owned by a <see cref="SubscriberTransport"/>; used on
/// the room's media worker thread only.
/// </summary>
internal sealed class SubscriberBandwidth
{
    private const int InitialCapacity = 16;

    private readonly long _frequency;
    private readonly List<DownTrack> _managed = [];

    public SubscriberBandwidth(long frequency, BandwidthEstimatorSettings settings)
    {
        _frequency = frequency;
        Estimator = new SendSideBandwidthEstimator(settings);
        Allocator = new StreamAllocator(InitialCapacity);
    }

    public SendSideBandwidthEstimator Estimator { get; }

    public StreamAllocator Allocator { get; private set; }

    /// <summary>A REMB arrived from the subscriber.</summary>
    public bool RembReceived { get; set; }

    /// <summary>True once the subscriber gave bandwidth feedback (transport-wide-cc or REMB).</summary>
    public bool HasFeedback => Estimator.HasTransportFeedback || RembReceived;

    /// <summary>When the next allocation is due (a <see cref="TimeProvider"/> timestamp).</summary>
    public long NextAllocation { get; set; }

    /// <summary>The down-tracks the allocator manages (slot = <see cref="DownTrack.AllocatorSlot"/>).</summary>
    public IReadOnlyList<DownTrack> Managed => _managed;

    /// <summary>The estimate at the last allocation, bit/s.</summary>
    public long LastAllocatedEstimateBps { get; set; }

    /// <summary>Bytes sent before the first feedback, and when the first of them went out.</summary>
    private long _bytesBeforeFeedback;
    private long _firstSend = long.MinValue;

    /// <summary>Counts a packet sent (for the start rate).</summary>
    public void OnPacketSent(int length, long now)
    {
        if (HasFeedback)
        {
            return;
        }

        if (_firstSend == long.MinValue)
        {
            _firstSend = now;
        }

        _bytesBeforeFeedback += length;
    }

    /// <summary>The bitrate sent since the first packet, until the first feedback (bit/s; 0 when too short to tell).</summary>
    public long BitrateBeforeFeedback(long now)
    {
        long elapsed = now - _firstSend;
        return _firstSend == long.MinValue || elapsed < _frequency / 10 ? 0 : RtpClock.ToUnits(_bytesBeforeFeedback * 8, elapsed, _frequency);
    }

    public long ToMicroseconds(long ticks) => RtpClock.ToUnits(ticks, _frequency, 1_000_000);

    /// <summary>Gives the down-track a slot in the allocator (growing it when full; setup path, may allocate).</summary>
    public void Add(DownTrack downTrack)
    {
        if (_managed.Count == Allocator.Capacity)
        {
            var larger = new StreamAllocator(Allocator.Capacity * 2);
            foreach (DownTrack existing in _managed)
            {
                existing.AllocatorSlot = larger.AddTrack(existing.Track.Kind, existing.Track.Source, existing.Track.Layers.Count);
            }

            Allocator = larger;
        }

        downTrack.AllocatorSlot = Allocator.AddTrack(downTrack.Track.Kind, downTrack.Track.Source, downTrack.Track.Layers.Count);
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
}
