using System.Buffers.Binary;

namespace Sfu.Core.DataChannels;

/// <summary>
/// DATA_CHANNEL_OPEN (RFC 8832 5.1):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Message Type |  Channel Type |            Priority           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                    Reliability Parameter                      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Label Length          |       Protocol Length         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                             Label                             /
/// \                            Protocol                           /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct DcepOpenMessage
{
    public const int FixedLength = 12;

    public DataChannelType ChannelType { get; private init; }

    public ushort Priority { get; private init; }

    public uint ReliabilityParameter { get; private init; }

    /// <summary>UTF-8 label.</summary>
    public ReadOnlySpan<byte> Label { get; private init; }

    /// <summary>UTF-8 subprotocol.</summary>
    public ReadOnlySpan<byte> Protocol { get; private init; }

    /// <summary>Parses an OPEN; false when truncated, the lengths do not add up, or the channel type is unknown.</summary>
    public static bool TryParse(ReadOnlySpan<byte> message, out DcepOpenMessage open)
    {
        open = default;
        if (message.Length < FixedLength || message[0] != (byte)DcepMessageType.Open)
        {
            return false;
        }

        var type = (DataChannelType)message[1];
        if (!Enum.IsDefined(type))
        {
            return false;
        }

        int labelLength = BinaryPrimitives.ReadUInt16BigEndian(message[8..]);
        int protocolLength = BinaryPrimitives.ReadUInt16BigEndian(message[10..]);
        if (message.Length != FixedLength + labelLength + protocolLength)
        {
            return false;
        }

        open = new DcepOpenMessage
        {
            ChannelType = type,
            Priority = BinaryPrimitives.ReadUInt16BigEndian(message[2..]),
            ReliabilityParameter = BinaryPrimitives.ReadUInt32BigEndian(message[4..]),
            Label = message.Slice(FixedLength, labelLength),
            Protocol = message.Slice(FixedLength + labelLength, protocolLength),
        };
        return true;
    }

    /// <summary>Writes an OPEN; returns its length. <paramref name="destination"/> must hold 12 + label + protocol bytes.</summary>
    public static int Write(Span<byte> destination, DataChannelType type, ushort priority, uint reliabilityParameter, ReadOnlySpan<byte> label, ReadOnlySpan<byte> protocol)
    {
        destination[0] = (byte)DcepMessageType.Open;
        destination[1] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], priority);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], reliabilityParameter);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], (ushort)label.Length);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], (ushort)protocol.Length);
        label.CopyTo(destination[FixedLength..]);
        protocol.CopyTo(destination[(FixedLength + label.Length)..]);
        return FixedLength + label.Length + protocol.Length;
    }
}
