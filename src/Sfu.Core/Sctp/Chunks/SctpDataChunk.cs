using System.Buffers.Binary;

namespace Sfu.Core.Sctp.Chunks;

/// <summary>
/// DATA (RFC 9260 3.3.1):
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 0    |  Res  |I|U|B|E|            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                              TSN                              |
/// |      Stream Identifier S      |   Stream Sequence Number n    |
/// |                  Payload Protocol Identifier                  |
/// \                 User Data (seq n of Stream S)                 \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct SctpDataChunk
{
    public const int FixedLength = 12;

    /// <summary>Chunk header plus fixed fields: the bytes a DATA chunk adds to its user data.</summary>
    public const int Overhead = SctpChunk.HeaderLength + FixedLength;

    public const byte FlagEnd = 0x01;
    public const byte FlagBeginning = 0x02;
    public const byte FlagUnordered = 0x04;
    public const byte FlagImmediate = 0x08;

    public byte Flags { get; private init; }

    public uint Tsn { get; private init; }

    public ushort StreamId { get; private init; }

    public ushort StreamSequenceNumber { get; private init; }

    public uint PayloadProtocolId { get; private init; }

    public ReadOnlySpan<byte> UserData { get; private init; }

    public bool IsBeginning => (Flags & FlagBeginning) != 0;

    public bool IsEnd => (Flags & FlagEnd) != 0;

    public bool IsUnordered => (Flags & FlagUnordered) != 0;

    /// <summary>Parses a DATA chunk's value. DATA without user data is invalid (RFC 9260 6.2).</summary>
    public static SctpParseError TryParse(byte flags, ReadOnlySpan<byte> value, out SctpDataChunk chunk)
    {
        chunk = default;
        if (value.Length < FixedLength)
        {
            return SctpParseError.TooShort;
        }

        if (value.Length == FixedLength)
        {
            return SctpParseError.InvalidValue;
        }

        chunk = new SctpDataChunk
        {
            Flags = flags,
            Tsn = BinaryPrimitives.ReadUInt32BigEndian(value),
            StreamId = BinaryPrimitives.ReadUInt16BigEndian(value[4..]),
            StreamSequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(value[6..]),
            PayloadProtocolId = BinaryPrimitives.ReadUInt32BigEndian(value[8..]),
            UserData = value[FixedLength..],
        };
        return SctpParseError.None;
    }
}
