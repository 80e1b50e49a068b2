using Sfu.Core.Forwarding;
using Sfu.Core.Sdp;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// One m-section of a participant's subscriber connection. It carries one remote track at a time; when the track goes
/// the section is offered <c>inactive</c>, and the next track of the same kind takes it over with new SSRCs and a new
/// msid (the mid stays), so the subscriber's SDP grows with the most tracks received at once, not with churn.
/// Owned by the room's loop; <see cref="DownTrack"/> is used on the room's worker.
/// </summary>
public sealed class SubscriberSection
{
    public SubscriberSection(string mid, string kind)
    {
        Mid = mid;
        Kind = kind;
    }

    public string Mid { get; }

    public string Kind { get; }

    /// <summary>The SSRC the server sends the current track with (a new one for every track the section carries).</summary>
    public uint Ssrc { get; private set; }

    /// <summary>The RTX SSRC paired with <see cref="Ssrc"/> (FID) when a codec of the section has RTX.</summary>
    public uint? RtxSsrc { get; private set; }

    /// <summary>The codecs offered on this section (kept when the section goes inactive).</summary>
    public IReadOnlyList<NegotiatedCodec> Codecs { get; private set; } = Array.Empty<NegotiatedCodec>();

    /// <summary>The track carried; null while the section is inactive (free for the next track of its kind).</summary>
    public PublishedTrackEntry? Track { get; private set; }

    /// <summary>
    /// The track the latest offer sent showed on this section (null: inactive). An answer makes a down-track only when
    /// the section still carries that track: one published after the offer waits for the next offer.
    /// </summary>
    public PublishedTrackEntry? OfferedTrack { get; internal set; }

    /// <summary>The down-track once the subscriber's answer accepted the section; set on the room's worker.</summary>
    public DownTrack? DownTrack { get; internal set; }

    /// <summary>Why the subscriber cannot receive this track (no codec in common), once known.</summary>
    public string? Unavailable { get; internal set; }

    /// <summary>The subscriber paused the track (its tile is hidden): nothing is forwarded.</summary>
    public bool Paused { get; internal set; }

    /// <summary>The highest spatial layer the subscriber wants (0 = lowest), or null for no limit.</summary>
    public int? MaxSpatialLayer { get; internal set; }

    /// <summary>The largest frame width the subscriber shows the track at (device pixels), or null for no limit.</summary>
    public int? MaxWidth { get; internal set; }

    /// <summary>The largest frame height the subscriber shows the track at (device pixels), or null for no limit.</summary>
    public int? MaxHeight { get; internal set; }

    /// <summary>True when the subscriber set any layer limit (a down-track made later gets it too).</summary>
    public bool HasLayerPreference => MaxSpatialLayer is not null || MaxWidth is not null || MaxHeight is not null;

    /// <summary>Free for a new track: inactive, and its old down-track gone.</summary>
    public bool IsFree => Track is null && DownTrack is null;

    /// <summary>Makes the section carry <paramref name="track"/> from now on: new SSRCs, fresh preferences.</summary>
    internal void Assign(PublishedTrackEntry track, IReadOnlyList<NegotiatedCodec> codecs, uint ssrc, uint? rtxSsrc)
    {
        Track = track;
        Codecs = codecs;
        Ssrc = ssrc;
        RtxSsrc = rtxSsrc;
        DownTrack = null;
        Unavailable = null;
        Paused = false;
        MaxSpatialLayer = null;
        MaxWidth = null;
        MaxHeight = null;
    }

    /// <summary>The track went away (its down-track was closed with it): the section becomes inactive.</summary>
    internal void Release()
    {
        Track = null;
        DownTrack = null;
        Unavailable = null;
    }
}
