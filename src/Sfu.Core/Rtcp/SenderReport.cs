using System.Buffers.Binary;

namespace Sfu.Core.Rtcp;

/// <summary>
/// A sender report (RFC 3550 section 6.4.1): a view over the packet. Parse with <see cref="TryParse"/>, build with
/// <see cref="Write"/>.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|    RC   |   PT=SR=200   |             length            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         SSRC of sender                        |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |              NTP timestamp, most significant word             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |             NTP timestamp, least significant word             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         RTP timestamp                         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                     sender's packet count                     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      sender's octet count                     |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |                 report blocks (RC × 24 bytes)                 |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |                  profile-specific extensions                  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public readonly ref struct SenderReport
{
    /// <summary>Length of an SR without report blocks.</summary>
    public const int MinLength = 28;

    private const int SenderInfoLength = 24;

    private SenderReport(ReadOnlySpan<byte> body, int reportCount)
    {
        Ssrc = BinaryPrimitives.ReadUInt32BigEndian(body);
        NtpTimestamp = BinaryPrimitives.ReadUInt64BigEndian(body.Slice(4));
        RtpTimestamp = BinaryPrimitives.ReadUInt32BigEndian(body.Slice(12));
        PacketCount = BinaryPrimitives.ReadUInt32BigEndian(body.Slice(16));
        OctetCount = BinaryPrimitives.ReadUInt32BigEndian(body.Slice(20));
        int blocksLength = reportCount * ReportBlock.Length;
        ReportBlocks = new ReportBlockList(body.Slice(SenderInfoLength, blocksLength));
        ProfileExtension = body.Slice(SenderInfoLength + blocksLength);
    }

    /// <summary>SSRC of the sender.</summary>
    public uint Ssrc { get; }

    /// <summary>64-bit NTP timestamp (seconds since 1900 in the high word, fraction in the low word).</summary>
    public ulong NtpTimestamp { get; }

    /// <summary>RTP timestamp corresponding to <see cref="NtpTimestamp"/>.</summary>
    public uint RtpTimestamp { get; }

    /// <summary>Sender's packet count.</summary>
    public uint PacketCount { get; }

    /// <summary>Sender's octet count (payload bytes).</summary>
    public uint OctetCount { get; }

    /// <summary>The reception report blocks.</summary>
    public ReportBlockList ReportBlocks { get; }

    /// <summary>Profile-specific extension bytes after the report blocks (usually empty).</summary>
    public ReadOnlySpan<byte> ProfileExtension { get; }

    /// <summary>Length of an SR with <paramref name="reportBlockCount"/> report blocks.</summary>
    public static int GetLength(int reportBlockCount) => MinLength + (reportBlockCount * ReportBlock.Length);

    /// <summary>Parses the SR at the start of <paramref name="packet"/>. Never throws.</summary>
    public static RtcpParseError TryParse(ReadOnlySpan<byte> packet, out SenderReport report)
    {
        report = default;
        RtcpParseError error = RtcpHeader.TryGetBody(packet, RtcpPacketType.SenderReport, out RtcpHeader header, out ReadOnlySpan<byte> body);
        if (error != RtcpParseError.None)
        {
            return error;
        }

        if (body.Length < SenderInfoLength)
        {
            return RtcpParseError.TooShort;
        }

        if (SenderInfoLength + (header.Count * ReportBlock.Length) > body.Length)
        {
            return RtcpParseError.CountOverrun;
        }

        report = new SenderReport(body, header.Count);
        return RtcpParseError.None;
    }

    /// <summary>Writes an SR with up to 31 report blocks and returns its length.</summary>
    public static int Write(
        Span<byte> destination,
        uint ssrc,
        ulong ntpTimestamp,
        uint rtpTimestamp,
        uint packetCount,
        uint octetCount,
        ReadOnlySpan<ReportBlock> reportBlocks = default)
    {
        if (reportBlocks.Length > 31)
        {
            throw new ArgumentOutOfRangeException(nameof(reportBlocks), reportBlocks.Length, "At most 31 report blocks fit in one SR.");
        }

        int length = GetLength(reportBlocks.Length);
        RtcpHeader.CheckDestination(destination, length);
        RtcpHeader.Write(destination, reportBlocks.Length, RtcpPacketType.SenderReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(8), ntpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(16), rtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(20), packetCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(24), octetCount);
        for (int i = 0; i < reportBlocks.Length; i++)
        {
            ReportBlock.Write(destination.Slice(MinLength + (i * ReportBlock.Length)), reportBlocks[i]);
        }

        return length;
    }
}
