using Sfu.Core.Dtls;
using Sfu.Core.Ice;

namespace Sfu.Core.Transport;

/// <summary>What a new <see cref="WebRtcTransport"/> is set up with, from the negotiated SDP.</summary>
public sealed class WebRtcTransportOptions
{
    /// <summary>Our ICE credentials (the ufrag the peer's checks must name).</summary>
    public required IceCredentials LocalIce { get; init; }

    /// <summary>
    /// Our DTLS role: server when we answered <c>a=setup:passive</c>, client for <c>active</c>. Null when we offered
    /// (<c>actpass</c>) and the peer's answer decides: then call <see cref="WebRtcTransport.ConfigureDtls"/>.
    /// </summary>
    public DtlsRole? DtlsRole { get; init; }

    /// <summary>The peer's certificate fingerprint from its SDP, checked after the handshake (null until known).</summary>
    public DtlsFingerprint? RemoteFingerprint { get; init; }

    /// <summary>A name for logs.</summary>
    public string? Name { get; init; }
}
