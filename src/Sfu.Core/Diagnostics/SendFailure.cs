namespace Sfu.Core.Diagnostics;

/// <summary>
/// Why a datagram the media path meant to send was not sent. Each value is one label of the
/// <c>sfu.media.send_failed</c> counter, so keep the set small and bounded.
/// </summary>
public enum SendFailure
{
    /// <summary>The transport has no SRTP keys or no remote address yet, or is disconnected, failed or closed.</summary>
    NotConnected,

    /// <summary>The transport's SRTP context tracks as many SSRCs as it may: a new SSRC cannot be protected.</summary>
    TooManySsrcs,

    /// <summary>Any other SRTP/SRTCP protect error (index exhausted, invalid header, no room for the tag, crypto failure).</summary>
    SrtpError,

    /// <summary>The socket's send buffer or the device queue was full (EAGAIN, ENOBUFS): dropped rather than block the worker.</summary>
    SocketBufferFull,

    /// <summary>The socket refused the datagram (unreachable network, message too long, a firewall, another error).</summary>
    SocketError,
}
