namespace Sfu.Load.Data;

/// <summary>
/// The room data envelope on the wire (docs/signaling-protocol.md, "Room data"), the client's side of it: a publish
/// to everyone (type 1, no topic, no destinations) and reading what the server relays (type 2) or says (3 refused,
/// 4 limits).
/// </summary>
public static class RoomDataEnvelope
{
    /// <summary>Type 1, publish (client to server).</summary>
    public const byte Publish = 1;

    /// <summary>Type 2, a relayed message (server to client).</summary>
    public const byte Message = 2;

    /// <summary>Type 3, a refusal.</summary>
    public const byte Refused = 3;

    /// <summary>Type 4, the room's limits (first on the reliable channel).</summary>
    public const byte Limits = 4;

    /// <summary>Bytes of the publish header <see cref="WritePublishHeader"/> writes.</summary>
    public const int PublishHeaderLength = 4;

    /// <summary>Writes a binary publish to everyone in the room with no topic: the payload follows.</summary>
    public static void WritePublishHeader(Span<byte> message)
    {
        message[0] = Publish;
        message[1] = 0; // flags: binary
        message[2] = 0; // no topic
        message[3] = 0; // no destinations: everyone else
    }

    /// <summary>
    /// Reads a relayed message (type 2): the payload after the sender's id and the topic, and the length of the
    /// sender's id (0: the server). False for any other type or a truncated message.
    /// </summary>
    public static bool TryReadMessage(ReadOnlySpan<byte> message, out ReadOnlySpan<byte> payload, out int senderLength)
    {
        payload = default;
        senderLength = 0;
        if (message.Length < 4 || message[0] != Message)
        {
            return false;
        }

        senderLength = message[2];
        int topicAt = 3 + senderLength;
        if (message.Length <= topicAt)
        {
            return false;
        }

        int payloadAt = topicAt + 1 + message[topicAt];
        if (message.Length < payloadAt)
        {
            return false;
        }

        payload = message[payloadAt..];
        return true;
    }
}
