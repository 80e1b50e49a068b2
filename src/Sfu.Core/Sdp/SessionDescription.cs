namespace Sfu.Core.Sdp;

/// <summary>
/// A parsed session description (RFC 8866) with the attributes WebRTC uses. Build one with <see cref="SdpParser"/>
/// or by hand, write it with <see cref="SdpWriter"/>.
/// </summary>
public sealed class SessionDescription
{
    /// <summary>The v= value; always 0.</summary>
    public int Version { get; set; }

    public SdpOrigin Origin { get; set; } = new();

    public string SessionName { get; set; } = "-";

    /// <summary>Session-level i=, u=, e=, p=, r=, z=, k= lines, kept verbatim.</summary>
    public List<SdpLine> OtherLines { get; } = [];

    public SdpConnection? Connection { get; set; }

    public List<SdpBandwidth> Bandwidths { get; } = [];

    public SdpTiming Timing { get; set; } = new();

    public List<SdpGroup> Groups { get; } = [];

    public bool IceLite { get; set; }

    public string? IceUfrag { get; set; }

    public string? IcePwd { get; set; }

    public List<string> IceOptions { get; } = [];

    public List<SdpFingerprint> Fingerprints { get; } = [];

    public DtlsSetup? Setup { get; set; }

    /// <summary>A session-level direction attribute, the default of m-sections without their own; null when absent.</summary>
    public MediaDirection? Direction { get; set; }

    public bool ExtmapAllowMixed { get; set; }

    public MsidSemantic? MsidSemantic { get; set; }

    public List<MediaDescription> Media { get; } = [];

    /// <summary>Every session-level attribute not modelled above, verbatim and in order.</summary>
    public List<SdpAttribute> OtherAttributes { get; } = [];

    /// <summary>The first a=group:BUNDLE, or null.</summary>
    public SdpGroup? BundleGroup =>
        Groups.Find(g => string.Equals(g.Semantics, "BUNDLE", StringComparison.Ordinal));

    /// <summary>The m-section with this mid, or null.</summary>
    public MediaDescription? FindMedia(string mid) =>
        Media.Find(m => string.Equals(m.Mid, mid, StringComparison.Ordinal));

    /// <summary>The section's ice-ufrag, else the session's.</summary>
    public string? EffectiveIceUfrag(MediaDescription media) => media.IceUfrag ?? IceUfrag;

    /// <summary>The section's ice-pwd, else the session's.</summary>
    public string? EffectiveIcePwd(MediaDescription media) => media.IcePwd ?? IcePwd;

    /// <summary>The section's ice-options, else the session's.</summary>
    public IReadOnlyList<string> EffectiveIceOptions(MediaDescription media) =>
        media.IceOptions.Count > 0 ? media.IceOptions : IceOptions;

    /// <summary>The section's fingerprints, else the session's (RFC 8122 5).</summary>
    public IReadOnlyList<SdpFingerprint> EffectiveFingerprints(MediaDescription media) =>
        media.Fingerprints.Count > 0 ? media.Fingerprints : Fingerprints;

    /// <summary>The section's a=setup, else the session's, else null (absent means "active" per RFC 4145 4).</summary>
    public DtlsSetup? EffectiveSetup(MediaDescription media) => media.Setup ?? Setup;
}
