namespace Sfu.Core.Sctp;

/// <summary>States of an association (RFC 9260 4), with <see cref="New"/> for one that was not started yet.</summary>
public enum SctpAssociationState
{
    /// <summary>Created; answers an INIT from the peer (passive open) or waits for <see cref="SctpAssociation.Connect"/>.</summary>
    New,
    CookieWait,
    CookieEchoed,
    Established,
    ShutdownPending,
    ShutdownSent,
    ShutdownReceived,
    ShutdownAckSent,

    /// <summary>Ended (see <see cref="SctpAssociation.CloseReason"/>); input is ignored.</summary>
    Closed,
}
