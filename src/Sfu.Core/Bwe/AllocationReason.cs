namespace Sfu.Core.Bwe;

/// <summary>Why the <see cref="StreamAllocator"/> chose a track's layer.</summary>
public enum AllocationReason
{
    /// <summary>The track has the highest layer the subscriber wants (its preference or the top layer).</summary>
    Preferred,

    /// <summary>A lower layer than wanted: the next one does not fit in the estimate.</summary>
    BandwidthLimited,

    /// <summary>A lower layer than wanted although the next one fits: after a drop, upgrades wait for the hold time.</summary>
    HoldingAfterDrop,

    /// <summary>Paused: the subscriber does not show the track.</summary>
    PausedBySubscriber,

    /// <summary>Paused: not even the lowest layer fits.</summary>
    PausedNoBandwidth,

    /// <summary>Audio: never paused by the allocator, only counted.</summary>
    Audio,
}
