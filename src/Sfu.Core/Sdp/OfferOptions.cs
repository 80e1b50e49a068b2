namespace Sfu.Core.Sdp;

/// <summary>What <see cref="SdpNegotiator.CreateOffer"/> writes: transport attributes and the m-sections.</summary>
public sealed class OfferOptions
{
    public string IceUfrag { get; set; } = "";

    public string IcePwd { get; set; } = "";

    public bool IceLite { get; set; } = true;

    /// <summary>Our DTLS certificate fingerprint. Required.</summary>
    public SdpFingerprint? Fingerprint { get; set; }

    /// <summary>Our candidates, written in every bundled m-section.</summary>
    public List<IceCandidate> Candidates { get; } = [];

    public List<MediaOfferSection> Sections { get; } = [];

    /// <summary>o= session id; keep it for the whole session (random when null).</summary>
    public ulong? SessionId { get; set; }

    /// <summary>o= session version; increase it with every new offer of the session.</summary>
    public ulong SessionVersion { get; set; } = 1;

    public bool ExtmapAllowMixed { get; set; } = true;

    public bool RtcpRsize { get; set; } = true;
}
