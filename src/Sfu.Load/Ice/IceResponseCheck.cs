namespace Sfu.Load.Ice;

/// <summary>What a received datagram is to a pending check.</summary>
public enum IceResponseCheck
{
    /// <summary>The success response to the check: the same transaction, MESSAGE-INTEGRITY with the remote password, FINGERPRINT.</summary>
    Success,

    /// <summary>An error response to the check (role conflict, unauthorized...).</summary>
    Error,

    /// <summary>Not STUN, or a STUN message with a bad FINGERPRINT or framing.</summary>
    NotStun,

    /// <summary>A STUN message of another transaction, or not a binding response.</summary>
    OtherTransaction,

    /// <summary>The right transaction without valid MESSAGE-INTEGRITY: a forgery or the wrong password; ignored.</summary>
    BadIntegrity,

    /// <summary>A success response without FINGERPRINT or XOR-MAPPED-ADDRESS (RFC 8445 requires both from ICE agents).</summary>
    Incomplete,
}
