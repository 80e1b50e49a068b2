using System.Buffers.Binary;

namespace Sfu.Core.Rtcp;

/// <summary>One report block of an XR packet: its type, type-specific byte and content (a view into the packet).</summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      BT       | type-specific |         block length          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// :             type-specific block contents                      :   block length × 4 bytes
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public readonly ref struct ExtendedReportBlock
{
    /// <summary>Size of a DLRR sub-block.</summary>
    public const int DlrrSubBlockLength = 12;

    /// <summary>Creates a block view.</summary>
    public ExtendedReportBlock(ExtendedReportBlockType blockType, byte typeSpecific, ReadOnlySpan<byte> content)
    {
        BlockType = blockType;
        TypeSpecific = typeSpecific;
        Content = content;
    }

    /// <summary>Block type (BT); may be a value not named in <see cref="ExtendedReportBlockType"/>.</summary>
    public ExtendedReportBlockType BlockType { get; }

    /// <summary>The type-specific octet.</summary>
    public byte TypeSpecific { get; }

    /// <summary>Block contents after the 4-byte block header.</summary>
    public ReadOnlySpan<byte> Content { get; }

    /// <summary>Number of DLRR sub-blocks (0 unless this is a DLRR block).</summary>
    public int DlrrSubBlockCount => BlockType == ExtendedReportBlockType.Dlrr ? Content.Length / DlrrSubBlockLength : 0;

    /// <summary>Reads the NTP timestamp of an RRTR block; false for any other block.</summary>
    public bool TryGetReceiverReferenceTime(out ulong ntpTimestamp)
    {
        if (BlockType == ExtendedReportBlockType.ReceiverReferenceTime && Content.Length >= 8)
        {
            ntpTimestamp = BinaryPrimitives.ReadUInt64BigEndian(Content);
            return true;
        }

        ntpTimestamp = 0;
        return false;
    }

    /// <summary>Reads DLRR sub-block <paramref name="index"/>.</summary>
    public DlrrSubBlock GetDlrrSubBlock(int index)
    {
        if ((uint)index >= (uint)DlrrSubBlockCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        ReadOnlySpan<byte> sub = Content.Slice(index * DlrrSubBlockLength, DlrrSubBlockLength);
        return new DlrrSubBlock(
            BinaryPrimitives.ReadUInt32BigEndian(sub),
            BinaryPrimitives.ReadUInt32BigEndian(sub.Slice(4)),
            BinaryPrimitives.ReadUInt32BigEndian(sub.Slice(8)));
    }
}
