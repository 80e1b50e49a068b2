using System.Buffers.Binary;

namespace Sfu.Core.Sctp.Chunks;

/// <summary>
/// FORWARD TSN (RFC 3758 3.2):
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 192  |  Flags = 0x00 |        Length = Variable      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      New Cumulative TSN                       |
/// |         Stream-1              |       Stream Sequence-1       |
/// /                              ...                              /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct SctpForwardTsnChunk
{
    private readonly ReadOnlySpan<byte> _streams;

    private SctpForwardTsnChunk(uint newCumulativeTsn, ReadOnlySpan<byte> streams)
    {
        NewCumulativeTsn = newCumulativeTsn;
        _streams = streams;
    }

    public uint NewCumulativeTsn { get; }

    public int StreamCount => _streams.Length / 4;

    /// <summary>The skipped stream <paramref name="index"/>: its id and the largest sequence number skipped.</summary>
    public (ushort StreamId, ushort StreamSequenceNumber) GetStream(int index) =>
        (BinaryPrimitives.ReadUInt16BigEndian(_streams[(index * 4)..]), BinaryPrimitives.ReadUInt16BigEndian(_streams[(index * 4 + 2)..]));

    public static SctpParseError TryParse(ReadOnlySpan<byte> value, out SctpForwardTsnChunk chunk)
    {
        chunk = default;
        if (value.Length < 4)
        {
            return SctpParseError.TooShort;
        }

        if ((value.Length - 4) % 4 != 0)
        {
            return SctpParseError.BadLength;
        }

        chunk = new SctpForwardTsnChunk(BinaryPrimitives.ReadUInt32BigEndian(value), value[4..]);
        return SctpParseError.None;
    }
}
