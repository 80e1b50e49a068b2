using Sfu.Core.Sdp;

namespace Sfu.Core.Forwarding;

/// <summary>
/// What the publisher's m-section negotiated for one track: its codecs with the publisher's payload types, header
/// extension ids, simulcast rids and declared SSRCs. The router routes the publisher's packets with these.
/// </summary>
public sealed class PublishedTrackParameters
{
    /// <summary>The room-wide track id.</summary>
    public required string TrackId { get; init; }

    public required MediaKind Kind { get; init; }

    /// <summary>The mid of the publisher's m-section (matched against the <c>sdes:mid</c> header extension).</summary>
    public required string Mid { get; init; }

    /// <summary>The publisher's negotiated codecs, with its payload types and RTX payload types.</summary>
    public required IReadOnlyList<NegotiatedCodec> Codecs { get; init; }

    /// <summary>Header extension URI (see <see cref="Rtp.RtpHeaderExtensionUri"/>) → the publisher's id.</summary>
    public IReadOnlyDictionary<string, int> HeaderExtensions { get; init; } = new Dictionary<string, int>();

    /// <summary>Simulcast rids in the publisher's order (Chromium: highest first); empty without simulcast.</summary>
    public IReadOnlyList<string> Rids { get; init; } = [];

    /// <summary>SSRCs the offer declared with a=ssrc (media and RTX); empty when it declared none.</summary>
    public IReadOnlyList<uint> DeclaredSsrcs { get; init; } = [];

    /// <summary>FID pairs of the offer: media SSRC → its RTX SSRC.</summary>
    public IReadOnlyDictionary<uint, uint> RtxSsrcs { get; init; } = new Dictionary<uint, uint>();

    /// <summary>What the track shows: screen shares are served before cameras when bandwidth is short.</summary>
    public Bwe.TrackSource Source { get; init; } = Bwe.TrackSource.Camera;

    /// <summary>
    /// The source's width as the publisher announced it (the top layer's), or null. Used to map a subscriber's
    /// maximum resolution onto a layer until the layers' sizes are seen in keyframes.
    /// </summary>
    public int? Width { get; init; }

    /// <summary>The source's height as the publisher announced it, or null.</summary>
    public int? Height { get; init; }
}
