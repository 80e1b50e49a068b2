namespace Sfu.Signaling.Data;

/// <summary>The first byte of every room data message on the data channels (docs/signaling-protocol.md, "Room data").</summary>
public enum DataMessageType : byte
{
    /// <summary>Client to server: flags, topic, destinations, payload.</summary>
    Publish = 1,

    /// <summary>Server to client: flags, the sender's participant id (empty: the server), topic, payload.</summary>
    Message = 2,

    /// <summary>Server to client: a message of this client was refused; a <see cref="DataDropReason"/> byte and a UTF-8 text.</summary>
    Refused = 3,

    /// <summary>Server to client, once its reliable channel opens: the limits (uint32 big endian each).</summary>
    Limits = 4,
}
