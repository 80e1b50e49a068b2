using System.Buffers.Binary;

namespace Sfu.Core.Sctp.Chunks;

/// <summary>
/// SACK (RFC 9260 3.3.4):
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 3    |  Chunk Flags  |         Chunk Length          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      Cumulative TSN Ack                       |
/// |          Advertised Receiver Window Credit (a_rwnd)           |
/// | Number of Gap Ack Blocks = N  |  Number of Duplicate TSNs = M |
/// |    Gap Ack Block #1 Start     |     Gap Ack Block #1 End      |
/// /                              ...                              /
/// |                        Duplicate TSN 1                        |
/// /                              ...                              /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Gap block offsets are relative to the cumulative TSN ack.
/// </summary>
public readonly ref struct SctpSackChunk
{
    public const int FixedLength = 12;

    private readonly ReadOnlySpan<byte> _gaps;
    private readonly ReadOnlySpan<byte> _duplicates;

    private SctpSackChunk(uint cumulativeTsnAck, uint receiverWindow, ReadOnlySpan<byte> gaps, ReadOnlySpan<byte> duplicates)
    {
        CumulativeTsnAck = cumulativeTsnAck;
        AdvertisedReceiverWindow = receiverWindow;
        _gaps = gaps;
        _duplicates = duplicates;
    }

    public uint CumulativeTsnAck { get; }

    public uint AdvertisedReceiverWindow { get; }

    public int GapBlockCount => _gaps.Length / 4;

    public int DuplicateCount => _duplicates.Length / 4;

    /// <summary>Gap ack block <paramref name="index"/> as offsets (start, end) from <see cref="CumulativeTsnAck"/>.</summary>
    public (ushort Start, ushort End) GetGapBlock(int index) =>
        (BinaryPrimitives.ReadUInt16BigEndian(_gaps[(index * 4)..]), BinaryPrimitives.ReadUInt16BigEndian(_gaps[(index * 4 + 2)..]));

    public uint GetDuplicate(int index) => BinaryPrimitives.ReadUInt32BigEndian(_duplicates[(index * 4)..]);

    /// <summary>Parses a SACK's value; the counts must match the length, and every gap block must have start &lt;= end, start &gt;= 1.</summary>
    public static SctpParseError TryParse(ReadOnlySpan<byte> value, out SctpSackChunk chunk)
    {
        chunk = default;
        if (value.Length < FixedLength)
        {
            return SctpParseError.TooShort;
        }

        int gaps = BinaryPrimitives.ReadUInt16BigEndian(value[8..]);
        int duplicates = BinaryPrimitives.ReadUInt16BigEndian(value[10..]);
        if (value.Length != FixedLength + (4 * gaps) + (4 * duplicates))
        {
            return SctpParseError.BadLength;
        }

        var gapBytes = value.Slice(FixedLength, 4 * gaps);
        for (int i = 0; i < gaps; i++)
        {
            ushort start = BinaryPrimitives.ReadUInt16BigEndian(gapBytes[(i * 4)..]);
            ushort end = BinaryPrimitives.ReadUInt16BigEndian(gapBytes[(i * 4 + 2)..]);
            if (start == 0 || end < start)
            {
                return SctpParseError.InvalidValue;
            }
        }

        chunk = new SctpSackChunk(
            BinaryPrimitives.ReadUInt32BigEndian(value),
            BinaryPrimitives.ReadUInt32BigEndian(value[4..]),
            gapBytes,
            value.Slice(FixedLength + (4 * gaps), 4 * duplicates));
        return SctpParseError.None;
    }
}
