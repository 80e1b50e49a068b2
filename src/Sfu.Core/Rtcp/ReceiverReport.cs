using System.Buffers.Binary;

namespace Sfu.Core.Rtcp;

/// <summary>
/// A receiver report (RFC 3550 section 6.4.2): a view over the packet. Parse with <see cref="TryParse"/>, build with
/// <see cref="Write"/>.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|    RC   |   PT=RR=201   |             length            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                     SSRC of packet sender                     |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |                 report blocks (RC × 24 bytes)                 |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |                  profile-specific extensions                  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public readonly ref struct ReceiverReport
{
    /// <summary>Length of an RR without report blocks.</summary>
    public const int MinLength = 8;

    private ReceiverReport(ReadOnlySpan<byte> body, int reportCount)
    {
        Ssrc = BinaryPrimitives.ReadUInt32BigEndian(body);
        int blocksLength = reportCount * ReportBlock.Length;
        ReportBlocks = new ReportBlockList(body.Slice(4, blocksLength));
        ProfileExtension = body.Slice(4 + blocksLength);
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint Ssrc { get; }

    /// <summary>The reception report blocks.</summary>
    public ReportBlockList ReportBlocks { get; }

    /// <summary>Profile-specific extension bytes after the report blocks (usually empty).</summary>
    public ReadOnlySpan<byte> ProfileExtension { get; }

    /// <summary>Length of an RR with <paramref name="reportBlockCount"/> report blocks.</summary>
    public static int GetLength(int reportBlockCount) => MinLength + (reportBlockCount * ReportBlock.Length);

    /// <summary>Parses the RR at the start of <paramref name="packet"/>. Never throws.</summary>
    public static RtcpParseError TryParse(ReadOnlySpan<byte> packet, out ReceiverReport report)
    {
        report = default;
        RtcpParseError error = RtcpHeader.TryGetBody(packet, RtcpPacketType.ReceiverReport, out RtcpHeader header, out ReadOnlySpan<byte> body);
        if (error != RtcpParseError.None)
        {
            return error;
        }

        if (body.Length < 4)
        {
            return RtcpParseError.TooShort;
        }

        if (4 + (header.Count * ReportBlock.Length) > body.Length)
        {
            return RtcpParseError.CountOverrun;
        }

        report = new ReceiverReport(body, header.Count);
        return RtcpParseError.None;
    }

    /// <summary>Writes an RR with up to 31 report blocks and returns its length.</summary>
    public static int Write(Span<byte> destination, uint ssrc, ReadOnlySpan<ReportBlock> reportBlocks = default)
    {
        if (reportBlocks.Length > 31)
        {
            throw new ArgumentOutOfRangeException(nameof(reportBlocks), reportBlocks.Length, "At most 31 report blocks fit in one RR.");
        }

        int length = GetLength(reportBlocks.Length);
        RtcpHeader.CheckDestination(destination, length);
        RtcpHeader.Write(destination, reportBlocks.Length, RtcpPacketType.ReceiverReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), ssrc);
        for (int i = 0; i < reportBlocks.Length; i++)
        {
            ReportBlock.Write(destination.Slice(MinLength + (i * ReportBlock.Length)), reportBlocks[i]);
        }

        return length;
    }
}
