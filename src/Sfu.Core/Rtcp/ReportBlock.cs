using System.Buffers.Binary;

namespace Sfu.Core.Rtcp;

/// <summary>
/// A reception report block of an SR or RR (RFC 3550 section 6.4.1). A plain value, storable.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |                 SSRC_1 (SSRC of first source)                 |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | fraction lost |       cumulative number of packets lost       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           extended highest sequence number received           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      interarrival jitter                      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         last SR (LSR)                         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                   delay since last SR (DLSR)                  |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// </code>
/// </remarks>
public readonly struct ReportBlock : IEquatable<ReportBlock>
{
    /// <summary>Size of a report block on the wire.</summary>
    public const int Length = 24;

    /// <summary>Largest cumulative loss the signed 24-bit field holds.</summary>
    public const int MaxCumulativeLost = 0x7F_FFFF;

    /// <summary>Smallest cumulative loss the signed 24-bit field holds (duplicates can make loss negative).</summary>
    public const int MinCumulativeLost = -0x80_0000;

    /// <summary>Creates a report block. <paramref name="cumulativeLost"/> is clamped to the 24-bit signed range.</summary>
    public ReportBlock(
        uint ssrc,
        byte fractionLost,
        int cumulativeLost,
        uint extendedHighestSequenceNumber,
        uint jitter,
        uint lastSenderReport,
        uint delaySinceLastSenderReport)
    {
        Ssrc = ssrc;
        FractionLost = fractionLost;
        CumulativeLost = Math.Clamp(cumulativeLost, MinCumulativeLost, MaxCumulativeLost);
        ExtendedHighestSequenceNumber = extendedHighestSequenceNumber;
        Jitter = jitter;
        LastSenderReport = lastSenderReport;
        DelaySinceLastSenderReport = delaySinceLastSenderReport;
    }

    /// <summary>SSRC of the source this block reports on.</summary>
    public uint Ssrc { get; }

    /// <summary>Fraction of packets lost since the previous report, as a fixed point number with the binary point at the left (loss × 256).</summary>
    public byte FractionLost { get; }

    /// <summary>Cumulative number of packets lost (24-bit signed).</summary>
    public int CumulativeLost { get; }

    /// <summary>Extended highest sequence number received (cycles in the high 16 bits).</summary>
    public uint ExtendedHighestSequenceNumber { get; }

    /// <summary>Interarrival jitter in RTP timestamp units.</summary>
    public uint Jitter { get; }

    /// <summary>Middle 32 bits of the NTP timestamp of the last SR received from this source; 0 if none.</summary>
    public uint LastSenderReport { get; }

    /// <summary>Delay since that SR was received, in units of 1/65536 second.</summary>
    public uint DelaySinceLastSenderReport { get; }

    /// <summary>Parses a report block from the first 24 bytes of <paramref name="buffer"/>. Never throws.</summary>
    public static RtcpParseError TryParse(ReadOnlySpan<byte> buffer, out ReportBlock block)
    {
        if (buffer.Length < Length)
        {
            block = default;
            return RtcpParseError.TooShort;
        }

        block = Read(buffer);
        return RtcpParseError.None;
    }

    /// <summary>Writes the block into the first 24 bytes of <paramref name="destination"/> and returns 24.</summary>
    public static int Write(Span<byte> destination, in ReportBlock block)
    {
        RtcpHeader.CheckDestination(destination, Length);
        BinaryPrimitives.WriteUInt32BigEndian(destination, block.Ssrc);
        uint lost = (uint)block.CumulativeLost & 0xFF_FFFF;
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), ((uint)block.FractionLost << 24) | lost);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), block.ExtendedHighestSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(12), block.Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(16), block.LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(20), block.DelaySinceLastSenderReport);
        return Length;
    }

    /// <summary>Writes this block; see <see cref="Write(Span{byte}, in ReportBlock)"/>.</summary>
    public int WriteTo(Span<byte> destination) => Write(destination, this);

    /// <inheritdoc/>
    public bool Equals(ReportBlock other) =>
        Ssrc == other.Ssrc
        && FractionLost == other.FractionLost
        && CumulativeLost == other.CumulativeLost
        && ExtendedHighestSequenceNumber == other.ExtendedHighestSequenceNumber
        && Jitter == other.Jitter
        && LastSenderReport == other.LastSenderReport
        && DelaySinceLastSenderReport == other.DelaySinceLastSenderReport;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ReportBlock other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() =>
        HashCode.Combine(Ssrc, FractionLost, CumulativeLost, ExtendedHighestSequenceNumber, Jitter, LastSenderReport, DelaySinceLastSenderReport);

    /// <summary>Reads a block from a buffer known to hold at least 24 bytes.</summary>
    internal static ReportBlock Read(ReadOnlySpan<byte> buffer)
    {
        uint word = BinaryPrimitives.ReadUInt32BigEndian(buffer.Slice(4, 4));
        int lost = (int)(word << 8) >> 8; // sign-extend the 24-bit field
        return new ReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(buffer.Slice(0, 4)),
            (byte)(word >> 24),
            lost,
            BinaryPrimitives.ReadUInt32BigEndian(buffer.Slice(8, 4)),
            BinaryPrimitives.ReadUInt32BigEndian(buffer.Slice(12, 4)),
            BinaryPrimitives.ReadUInt32BigEndian(buffer.Slice(16, 4)),
            BinaryPrimitives.ReadUInt32BigEndian(buffer.Slice(20, 4)));
    }
}
