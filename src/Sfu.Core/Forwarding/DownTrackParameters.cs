using Sfu.Core.Sdp;

namespace Sfu.Core.Forwarding;

/// <summary>
/// What the subscriber's m-section for one forwarded track negotiated: the SSRC the server sends with, its CNAME, and
/// the codecs and header extension ids as the subscriber accepted them.
/// </summary>
public sealed class DownTrackParameters
{
    /// <summary>The SSRC the server sends this track to the subscriber with (announced in the subscriber offer).</summary>
    public required uint Ssrc { get; init; }

    /// <summary>The RTX SSRC announced with it (FID), if any: NACKed packets are resent on it as RTX when the codec has an RTX payload type.</summary>
    public uint? RtxSsrc { get; init; }

    /// <summary>The CNAME announced for <see cref="Ssrc"/>; sent in SDES with every sender report.</summary>
    public required string Cname { get; init; }

    /// <summary>The codecs as the subscriber accepted them (the subscriber's payload types).</summary>
    public required IReadOnlyList<NegotiatedCodec> Codecs { get; init; }

    /// <summary>Header extension URI → the subscriber's id.</summary>
    public IReadOnlyDictionary<string, int> HeaderExtensions { get; init; } = new Dictionary<string, int>();

    /// <summary>The mid of the subscriber's m-section (written in <c>sdes:mid</c> when negotiated).</summary>
    public string? Mid { get; init; }
}
