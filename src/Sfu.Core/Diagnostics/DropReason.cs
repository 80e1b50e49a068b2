namespace Sfu.Core.Diagnostics;

/// <summary>
/// Why the media path dropped a datagram. Each value is one label of the
/// <c>sfu.media.dropped</c> counter, so keep the set small and bounded.
/// </summary>
public enum DropReason
{
    UnknownProtocol,
    UnknownSender,
    MalformedStun,
    StunUnauthorized,
    StunUnknownUsername,
    StunNotRequest,
    DtlsRejected,
    MalformedRtp,
    MalformedRtcp,
    SrtpAuthFailed,
    SrtpReplay,
    SrtpOther,
    NotConnected,
    UnknownSsrc,
    Rtx,
    SocketError,

    /// <summary>An RTP payload type the publisher did not negotiate.</summary>
    UnknownPayloadType,

    /// <summary>A packet too large to rewrite for forwarding.</summary>
    Oversized,

    /// <summary>An SCTP packet or chunk (data channels) that did not parse, verify or belong (see SctpDropReason).</summary>
    Sctp,
}
