namespace Sfu.Core.Transport;

/// <summary>The life of a <see cref="WebRtcTransport"/>.</summary>
public enum WebRtcTransportState
{
    /// <summary>Created, no valid ICE check yet.</summary>
    New,

    /// <summary>ICE checks pass; DTLS handshake in progress.</summary>
    Connecting,

    /// <summary>DTLS done, SRTP keys in place: media flows.</summary>
    Connected,

    /// <summary>ICE consent lapsed; media paused until a valid check returns.</summary>
    Disconnected,

    /// <summary>DTLS failed (bad handshake, fingerprint mismatch, timeout).</summary>
    Failed,

    /// <summary>Closed by us or the peer; resources freed.</summary>
    Closed,
}
