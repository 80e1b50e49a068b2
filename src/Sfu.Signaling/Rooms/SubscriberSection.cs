using Sfu.Core.Forwarding;

namespace Sfu.Signaling.Rooms;

/// <summary>One m-section of a participant's subscriber connection: a remote track, or inactive once it went away.</summary>
public sealed class SubscriberSection
{
    public required string Mid { get; init; }

    public required string Kind { get; init; }

    public required uint Ssrc { get; init; }

    /// <summary>The RTX SSRC paired with <see cref="Ssrc"/> (FID) when a codec of the section has RTX.</summary>
    public uint? RtxSsrc { get; init; }

    /// <summary>The codecs offered on this section (kept when the section goes inactive).</summary>
    public required IReadOnlyList<Sfu.Core.Sdp.NegotiatedCodec> Codecs { get; init; }

    /// <summary>The track carried; null once it was unpublished (the section stays, inactive).</summary>
    public PublishedTrackEntry? Track { get; set; }

    /// <summary>The down-track once the subscriber's answer accepted the section; set on the room's worker.</summary>
    public DownTrack? DownTrack { get; set; }

    /// <summary>Why the subscriber cannot receive this track (no codec in common), once known.</summary>
    public string? Unavailable { get; set; }

    /// <summary>The subscriber paused the track (its tile is hidden): nothing is forwarded.</summary>
    public bool Paused { get; set; }

    /// <summary>The highest spatial layer the subscriber wants (0 = lowest), or null for no limit.</summary>
    public int? MaxSpatialLayer { get; set; }

    /// <summary>The largest frame width the subscriber shows the track at (device pixels), or null for no limit.</summary>
    public int? MaxWidth { get; set; }

    /// <summary>The largest frame height the subscriber shows the track at (device pixels), or null for no limit.</summary>
    public int? MaxHeight { get; set; }

    /// <summary>True when the subscriber set any layer limit (a down-track made later gets it too).</summary>
    public bool HasLayerPreference => MaxSpatialLayer is not null || MaxWidth is not null || MaxHeight is not null;
}
