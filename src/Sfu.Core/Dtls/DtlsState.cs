namespace Sfu.Core.Dtls;

/// <summary>Life cycle of a <see cref="DtlsTransport"/>.</summary>
public enum DtlsState
{
    /// <summary>Created; <see cref="DtlsTransport.Start"/> not called yet.</summary>
    New,

    /// <summary>Handshake in progress, or finished and waiting for the remote fingerprint.</summary>
    Connecting,

    /// <summary>Handshake done, peer fingerprint verified, SRTP keys exported.</summary>
    Connected,

    /// <summary>Terminal: the handshake or the connection failed (see <see cref="DtlsFailure"/>).</summary>
    Failed,

    /// <summary>Terminal: closed by us (<see cref="DtlsTransport.Close"/>) or by the peer's close_notify.</summary>
    Closed,
}
