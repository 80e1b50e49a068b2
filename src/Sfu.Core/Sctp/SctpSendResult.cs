namespace Sfu.Core.Sctp;

/// <summary>The outcome of <see cref="SctpAssociation.Send"/>.</summary>
public enum SctpSendResult
{
    Ok,

    /// <summary>The association is closing or closed.</summary>
    NotConnected,

    /// <summary>Zero bytes: SCTP cannot carry an empty message (DCEP sends one byte with an "empty" PPID instead).</summary>
    Empty,

    /// <summary>Larger than the peer accepts (<see cref="SctpOptions.MaxOutboundMessageSize"/>).</summary>
    MessageTooLarge,

    /// <summary>The send buffer (<see cref="SctpOptions.SendBufferSize"/>) would overflow: the message was not queued.</summary>
    BufferFull,

    /// <summary>A stream the association did not negotiate, or one being reset.</summary>
    InvalidStream,
}
