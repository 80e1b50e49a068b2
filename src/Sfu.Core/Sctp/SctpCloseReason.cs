namespace Sfu.Core.Sctp;

/// <summary>Why an association reached <see cref="SctpAssociationState.Closed"/>.</summary>
public enum SctpCloseReason
{
    None,

    /// <summary>The SHUTDOWN exchange completed.</summary>
    ShutdownComplete,

    /// <summary>The peer sent ABORT.</summary>
    PeerAborted,

    /// <summary>We aborted (<see cref="SctpAssociation.Abort"/>, or the owner went away).</summary>
    LocalAbort,

    /// <summary>INIT or COOKIE ECHO went unanswered too many times.</summary>
    SetupTimeout,

    /// <summary>Data (or SHUTDOWN) went unacknowledged for too many retransmission timeouts.</summary>
    RetransmissionLimit,

    /// <summary>The peer broke the protocol in a way that cannot be ignored (e.g. a message above the maximum size).</summary>
    ProtocolViolation,
}
