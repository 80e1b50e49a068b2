namespace Sfu.Core.Sctp;

/// <summary>Why an association dropped a received packet or chunk (each counted in <see cref="SctpAssociationStats"/>).</summary>
public enum SctpDropReason
{
    /// <summary>Too short, chunk lengths that do not tile the packet, or a chunk whose fields do not parse.</summary>
    Malformed,
    BadChecksum,
    WrongPort,
    WrongVerificationTag,

    /// <summary>Input for an association that is not (or no longer) in a state to take it.</summary>
    UnexpectedChunk,

    /// <summary>A state cookie that does not verify, is stale, or names another association.</summary>
    BadCookie,

    /// <summary>A DATA chunk's TSN too far ahead of the cumulative TSN.</summary>
    OutOfWindow,

    /// <summary>A DATA chunk that did not fit into the receive buffer (the peer retransmits it).</summary>
    ReceiveBufferFull,

    /// <summary>DATA on a stream the association did not negotiate.</summary>
    InvalidStream,

    /// <summary>An unknown chunk type whose upper bits say to drop the packet.</summary>
    UnknownChunk,
}
