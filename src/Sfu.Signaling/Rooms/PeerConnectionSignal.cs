namespace Sfu.Signaling.Rooms;

/// <summary>What one of a participant's transports (publisher or subscriber) reported, as far as leaving goes.</summary>
public enum PeerConnectionSignal
{
    /// <summary>DTLS is up and media may flow (again, after consent returned).</summary>
    Connected,

    /// <summary>The peer sent DTLS close_notify: it closed its peer connection (a browser does on <c>pc.close()</c>).</summary>
    ClosedByPeer,

    /// <summary>No valid ICE consent check for the consent timeout (RFC 7675): the peer is unreachable or gone.</summary>
    ConsentLost,
}
