namespace Sfu.Core.Sdp;

/// <summary>Candidate type (RFC 8445 5.1.1, RFC 8839 5.1 "typ").</summary>
public enum IceCandidateType
{
    /// <summary>"host": an address of a local interface.</summary>
    Host,

    /// <summary>"srflx": server reflexive, learned from a STUN server.</summary>
    ServerReflexive,

    /// <summary>"prflx": peer reflexive, learned from a connectivity check.</summary>
    PeerReflexive,

    /// <summary>"relay": allocated on a TURN server.</summary>
    Relayed,
}
