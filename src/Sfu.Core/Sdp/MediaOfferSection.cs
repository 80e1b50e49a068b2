namespace Sfu.Core.Sdp;

/// <summary>One m-section of an offer the server makes to a subscriber.</summary>
public sealed class MediaOfferSection
{
    public string Mid { get; set; } = "";

    /// <summary>"audio" or "video".</summary>
    public string Kind { get; set; } = MediaKinds.Video;

    /// <summary>SendOnly for a forwarded track, Inactive for a paused or unused one.</summary>
    public MediaDirection Direction { get; set; } = MediaDirection.SendOnly;

    /// <summary>Codecs with their payload types, feedback and RTX payload types (e.g. those negotiated with the publisher).</summary>
    public List<NegotiatedCodec> Codecs { get; } = [];

    /// <summary>Header extensions offered: URI → id (1-255; 1-14 for the one-byte form).</summary>
    public Dictionary<string, int> HeaderExtensions { get; } = new(StringComparer.Ordinal);

    public uint? Ssrc { get; set; }

    public uint? RtxSsrc { get; set; }

    public string? Cname { get; set; }

    public string? StreamId { get; set; }

    public string? TrackId { get; set; }

    /// <summary>A stopped section (a removed track whose m-line stays): port 0, not bundled.</summary>
    public bool Stopped { get; set; }
}
