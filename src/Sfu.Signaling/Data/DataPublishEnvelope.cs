namespace Sfu.Signaling.Data;

/// <summary>
/// A client's data message as it arrived (<see cref="DataMessageType.Publish"/>), parsed in place:
/// <code>
///  0: type (1)          1: flags (bit 0: the payload is text)
///  2: topic length T    3..: T bytes of UTF-8 topic
///  then: destination count D, and D times: length L (1-255), L bytes of a participant id
///  then: the payload, to the end of the message
/// </code>
/// </summary>
public readonly ref struct DataPublishEnvelope
{
    /// <summary>Bit 0 of the flags: the payload is UTF-8 text (sent as a string).</summary>
    public const byte TextFlag = 0x01;

    private DataPublishEnvelope(byte flags, ReadOnlySpan<byte> topic, int destinationCount, ReadOnlySpan<byte> destinations, ReadOnlySpan<byte> payload)
    {
        Flags = flags;
        Topic = topic;
        DestinationCount = destinationCount;
        Destinations = destinations;
        Payload = payload;
    }

    public byte Flags { get; }

    public bool IsText => (Flags & TextFlag) != 0;

    /// <summary>The topic's UTF-8 bytes (empty: no topic).</summary>
    public ReadOnlySpan<byte> Topic { get; }

    /// <summary>Destinations given; 0 means everyone else in the room.</summary>
    public int DestinationCount { get; }

    /// <summary>The raw destination list (length-prefixed ids); see <see cref="IsDestination"/>.</summary>
    public ReadOnlySpan<byte> Destinations { get; }

    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>Parses a publish envelope; false for anything else or anything truncated. Never throws, never allocates.</summary>
    public static bool TryParse(ReadOnlySpan<byte> message, out DataPublishEnvelope envelope)
    {
        envelope = default;
        if (message.Length < 4 || message[0] != (byte)DataMessageType.Publish || (message[1] & ~TextFlag) != 0)
        {
            return false;
        }

        int topicLength = message[2];
        int offset = 3 + topicLength;
        if (offset >= message.Length)
        {
            return false;
        }

        var topic = message.Slice(3, topicLength);
        int count = message[offset++];
        int start = offset;
        for (int i = 0; i < count; i++)
        {
            if (offset >= message.Length || message[offset] == 0 || offset + 1 + message[offset] > message.Length)
            {
                return false;
            }

            offset += 1 + message[offset];
        }

        envelope = new DataPublishEnvelope(message[1], topic, count, message[start..offset], message[offset..]);
        return true;
    }

    /// <summary>True when <paramref name="participantId"/> (UTF-8) is one of the destinations.</summary>
    public bool IsDestination(ReadOnlySpan<byte> participantId)
    {
        var rest = Destinations;
        while (!rest.IsEmpty)
        {
            int length = rest[0];
            if (rest.Slice(1, length).SequenceEqual(participantId))
            {
                return true;
            }

            rest = rest[(1 + length)..];
        }

        return false;
    }
}
