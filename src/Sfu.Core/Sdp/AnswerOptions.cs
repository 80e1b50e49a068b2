namespace Sfu.Core.Sdp;

/// <summary>What <see cref="SdpNegotiator.CreateAnswer"/> needs besides the offer.</summary>
public sealed class AnswerOptions
{
    public MediaCapabilities MediaCapabilities { get; set; } = MediaCapabilities.Default;

    /// <summary>Our ICE username fragment (4 to 256 letters, digits, '+', '/').</summary>
    public string IceUfrag { get; set; } = "";

    /// <summary>Our ICE password (22 to 256 letters, digits, '+', '/').</summary>
    public string IcePwd { get; set; } = "";

    /// <summary>Write a=ice-lite (RFC 8445 2.5): the server only answers checks.</summary>
    public bool IceLite { get; set; } = true;

    /// <summary>Our DTLS certificate fingerprint. Required.</summary>
    public SdpFingerprint? Fingerprint { get; set; }

    /// <summary>
    /// Our role when the offer says actpass (Active or Passive; default Passive, the DTLS server). An offer saying
    /// active makes us passive and one saying passive makes us active whatever this says.
    /// </summary>
    public DtlsSetup? Setup { get; set; }

    /// <summary>Our candidates, written in every accepted m-section (all share the BUNDLE transport).</summary>
    public List<IceCandidate> Candidates { get; } = [];

    /// <summary>
    /// Picks our direction for an offered m-section; the result is restricted to what the offer allows. Default: the
    /// mirror of the offer (sendonly → recvonly, recvonly → sendonly, sendrecv → sendrecv).
    /// </summary>
    public Func<MediaDescription, MediaDirection>? DirectionSelector { get; set; }

    /// <summary>What we send per mid, written as a=msid/a=ssrc/a=ssrc-group:FID when our direction sends.</summary>
    public Dictionary<string, LocalSendParameters> LocalSend { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Data channels: when set, an offered m=application UDP/DTLS/SCTP webrtc-datachannel section is accepted and
    /// answered with a=sctp-port:5000 and this a=max-message-size (RFC 8841); when null it is rejected.
    /// </summary>
    public ulong? DataChannelMaxMessageSize { get; set; }

    /// <summary>o= session id; random when null.</summary>
    public ulong? SessionId { get; set; }

    /// <summary>o= session version.</summary>
    public ulong SessionVersion { get; set; } = 1;
}
