namespace Sfu.Load.Media;

/// <summary>Where a client peer connection is.</summary>
public enum PeerState
{
    /// <summary>Created; waiting for the server's SDP.</summary>
    New,

    /// <summary>ICE checks are being sent.</summary>
    Checking,

    /// <summary>ICE connected; the DTLS handshake runs.</summary>
    Handshaking,

    /// <summary>DTLS done, SRTP keys in place: media flows.</summary>
    Connected,

    /// <summary>ICE, DTLS or consent failed (see <see cref="PeerConnection.Failure"/>).</summary>
    Failed,

    /// <summary>Closed by the tool.</summary>
    Closed,
}
