namespace Sfu.Core.Sdp;

/// <summary>
/// One m-section: the m= line (RFC 8866 5.14) <c>m=&lt;media&gt; &lt;port&gt;[/&lt;count&gt;] &lt;proto&gt; &lt;fmt&gt; ...</c>
/// and the lines that follow it until the next m=.
/// </summary>
public sealed partial class MediaDescription
{
    /// <summary>"audio", "video" or "application" (see <see cref="MediaKinds"/>).</summary>
    public string Kind { get; set; } = MediaKinds.Audio;

    /// <summary>0 rejects or disables the m-section; 9 is the JSEP placeholder.</summary>
    public int Port { get; set; } = 9;

    /// <summary>The optional "/&lt;number of ports&gt;" of the m= line.</summary>
    public int? NumberOfPorts { get; set; }

    /// <summary>E.g. "UDP/TLS/RTP/SAVPF" or "UDP/DTLS/SCTP".</summary>
    public string Protocol { get; set; } = "UDP/TLS/RTP/SAVPF";

    /// <summary>The &lt;fmt&gt; list: payload types as text for RTP, e.g. "webrtc-datachannel" for SCTP.</summary>
    public List<string> Formats { get; } = [];

    /// <summary>i= and k= lines, kept verbatim.</summary>
    public List<SdpLine> OtherLines { get; } = [];

    public SdpConnection? Connection { get; set; }

    public List<SdpBandwidth> Bandwidths { get; } = [];

    public string? Mid { get; set; }

    /// <summary>
    /// The direction attribute. The parser gives a section without one the session's direction, else sendrecv
    /// (RFC 8866 6.7); the writer always writes it.
    /// </summary>
    public MediaDirection Direction { get; set; } = MediaDirection.SendRecv;

    public string? IceUfrag { get; set; }

    public string? IcePwd { get; set; }

    public List<string> IceOptions { get; } = [];

    public List<SdpFingerprint> Fingerprints { get; } = [];

    public DtlsSetup? Setup { get; set; }

    public bool RtcpMux { get; set; }

    public bool RtcpRsize { get; set; }

    public RtcpAttribute? RtcpAttribute { get; set; }

    /// <summary>a=extmap-allow-mixed written at media level (Firefox does so).</summary>
    public bool ExtmapAllowMixed { get; set; }

    public List<RtpMap> RtpMaps { get; } = [];

    public List<Fmtp> Fmtps { get; } = [];

    public List<RtcpFeedback> RtcpFeedbacks { get; } = [];

    public List<Extmap> Extmaps { get; } = [];

    public List<Rid> Rids { get; } = [];

    public Simulcast? Simulcast { get; set; }

    public List<SsrcAttribute> SsrcAttributes { get; } = [];

    public List<SsrcGroup> SsrcGroups { get; } = [];

    /// <summary>The first a=msid; further a=msid lines (a track in several streams) stay in <see cref="OtherAttributes"/>.</summary>
    public Msid? Msid { get; set; }

    public List<IceCandidate> Candidates { get; } = [];

    public bool EndOfCandidates { get; set; }

    /// <summary>a=sctp-port (RFC 8841) on an application m-section.</summary>
    public int? SctpPort { get; set; }

    /// <summary>a=max-message-size (RFC 8841) on an application m-section.</summary>
    public ulong? MaxMessageSize { get; set; }

    /// <summary>Every attribute not modelled above, verbatim and in order (e.g. rtcp-xr, bundle-only, sctpmap).</summary>
    public List<SdpAttribute> OtherAttributes { get; } = [];
}
