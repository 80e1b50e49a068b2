namespace Sfu.Core.Dtls;

/// <summary>Why a <see cref="DtlsTransport"/> went to <see cref="DtlsState.Failed"/>.</summary>
public enum DtlsFailure
{
    /// <summary>OpenSSL aborted the handshake (bad message, alert from the peer, no shared cipher...).</summary>
    HandshakeFailed,

    /// <summary>The peer's certificate does not hash to the fingerprint from its SDP.</summary>
    FingerprintMismatch,

    /// <summary>No SRTP protection profile was negotiated, or one we did not offer.</summary>
    NoSrtpProfile,

    /// <summary>The handshake did not complete (or the remote fingerprint did not arrive) within the handshake timeout, or OpenSSL gave up retransmitting.</summary>
    Timeout,

    /// <summary>The handshake completed without a peer certificate.</summary>
    NoPeerCertificate,

    /// <summary>Exporting the SRTP keying material failed.</summary>
    KeyExportFailed,

    /// <summary>A fatal error after the handshake completed (for example a fatal alert from the peer).</summary>
    ProtocolError,
}
