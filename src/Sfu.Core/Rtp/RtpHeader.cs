using System.Buffers.Binary;

namespace Sfu.Core.Rtp;

/// <summary>
/// The parsed fixed header of an RTP packet (RFC 3550 section 5.1), plus the offsets of its CSRC list, header
/// extension (RFC 8285), payload and padding. A plain value: it holds no reference to the buffer and can be stored.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                           timestamp                           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           synchronization source (SSRC) identifier            |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |            contributing source (CSRC) identifiers             |
/// |                             ....                              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      defined by profile       |           length              |   (if X = 1)
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                        header extension                       |
/// |                             ....                              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                            payload  ...                       |
/// |                               +-------------------------------+
/// |                               | padding ...   | padding count |   (if P = 1)
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public readonly struct RtpHeader
{
    /// <summary>Size of the fixed part of the header (no CSRCs, no extension).</summary>
    public const int FixedHeaderLength = 12;

    /// <summary>Profile value of the RFC 8285 one-byte header extension form.</summary>
    public const ushort OneByteExtensionProfile = 0xBEDE;

    /// <summary>Profile value of the RFC 8285 two-byte header extension form with appbits 0; 0x1000..0x100F are two-byte.</summary>
    public const ushort TwoByteExtensionProfile = 0x1000;

    private readonly byte _firstByte;
    private readonly byte _secondByte;

    private RtpHeader(
        byte firstByte,
        byte secondByte,
        ushort sequenceNumber,
        uint timestamp,
        uint ssrc,
        int headerLength,
        int payloadLength,
        int paddingLength,
        ushort extensionProfile,
        int extensionOffset,
        int extensionLength)
    {
        _firstByte = firstByte;
        _secondByte = secondByte;
        SequenceNumber = sequenceNumber;
        Timestamp = timestamp;
        Ssrc = ssrc;
        HeaderLength = headerLength;
        PayloadLength = payloadLength;
        PaddingLength = paddingLength;
        ExtensionProfile = extensionProfile;
        ExtensionOffset = extensionOffset;
        ExtensionLength = extensionLength;
    }

    /// <summary>The version field; always 2 for a successfully parsed header.</summary>
    public int Version => _firstByte >> 6;

    /// <summary>The P bit: the packet ends with padding (see <see cref="PaddingLength"/>).</summary>
    public bool HasPadding => (_firstByte & 0x20) != 0;

    /// <summary>The X bit: a header extension follows the CSRC list.</summary>
    public bool HasExtension => (_firstByte & 0x10) != 0;

    /// <summary>Number of CSRC identifiers (0..15).</summary>
    public int CsrcCount => _firstByte & 0x0F;

    /// <summary>The M bit.</summary>
    public bool Marker => (_secondByte & 0x80) != 0;

    /// <summary>Payload type (0..127).</summary>
    public byte PayloadType => (byte)(_secondByte & 0x7F);

    /// <summary>16-bit sequence number.</summary>
    public ushort SequenceNumber { get; }

    /// <summary>32-bit RTP timestamp.</summary>
    public uint Timestamp { get; }

    /// <summary>Synchronization source identifier.</summary>
    public uint Ssrc { get; }

    /// <summary>Length of the whole header in bytes: fixed part, CSRCs, and the extension (its 4-byte header and data).</summary>
    public int HeaderLength { get; }

    /// <summary>Offset of the payload in the packet; equal to <see cref="HeaderLength"/>.</summary>
    public int PayloadOffset => HeaderLength;

    /// <summary>Payload length in bytes, padding excluded.</summary>
    public int PayloadLength { get; }

    /// <summary>Number of padding bytes at the end of the packet, including the count octet; 0 when P is clear.</summary>
    public int PaddingLength { get; }

    /// <summary>
    /// The 16-bit "defined by profile" field of the header extension: 0xBEDE for one-byte, 0x1000..0x100F for two-byte,
    /// anything else for a non-RFC 8285 extension. 0 when there is no extension.
    /// </summary>
    public ushort ExtensionProfile { get; }

    /// <summary>Offset of the extension data (just after the 4-byte extension header); 0 when there is no extension.</summary>
    public int ExtensionOffset { get; }

    /// <summary>Length of the extension data in bytes (the length field times 4); 0 when there is no extension.</summary>
    public int ExtensionLength { get; }

    /// <summary>Offset of the CSRC list (always 12).</summary>
    public int CsrcOffset => FixedHeaderLength;

    /// <summary>The extension uses the RFC 8285 one-byte form.</summary>
    public bool HasOneByteExtensions => HasExtension && ExtensionProfile == OneByteExtensionProfile;

    /// <summary>The extension uses the RFC 8285 two-byte form (profile 0x100X).</summary>
    public bool HasTwoByteExtensions => HasExtension && (ExtensionProfile & 0xFFF0) == TwoByteExtensionProfile;

    /// <summary>Total packet length that was parsed (header + payload + padding).</summary>
    public int PacketLength => HeaderLength + PayloadLength + PaddingLength;

    /// <summary>Reads CSRC number <paramref name="index"/> from the packet this header was parsed from.</summary>
    public uint GetCsrc(ReadOnlySpan<byte> packet, int index)
    {
        if ((uint)index >= (uint)CsrcCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        return BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(FixedHeaderLength + (index * 4), 4));
    }

    /// <summary>The payload (padding excluded) of the packet this header was parsed from.</summary>
    public ReadOnlySpan<byte> GetPayload(ReadOnlySpan<byte> packet) => packet.Slice(HeaderLength, PayloadLength);

    /// <summary>The extension data (after the 4-byte extension header) of the packet this header was parsed from.</summary>
    public ReadOnlySpan<byte> GetExtensionData(ReadOnlySpan<byte> packet) => packet.Slice(ExtensionOffset, ExtensionLength);

    /// <summary>
    /// Returns true when the packet is RTCP rather than RTP, by the RFC 5761 rule: the second octet (marker bit and
    /// payload type of RTP) holds an RTCP packet type in 192..223.
    /// </summary>
    public static bool IsRtcp(ReadOnlySpan<byte> packet) => packet.Length >= 2 && packet[1] >= 192 && packet[1] <= 223;

    /// <summary>
    /// Parses and validates the header of <paramref name="packet"/>. Never throws; returns the reason on failure,
    /// in which case <paramref name="header"/> is default.
    /// </summary>
    public static RtpParseError TryParse(ReadOnlySpan<byte> packet, out RtpHeader header)
    {
        header = default;
        if (packet.Length < FixedHeaderLength)
        {
            return RtpParseError.TooShort;
        }

        byte b0 = packet[0];
        if ((b0 >> 6) != 2)
        {
            return RtpParseError.BadVersion;
        }

        int length = FixedHeaderLength + ((b0 & 0x0F) * 4);
        if (length > packet.Length)
        {
            return RtpParseError.CsrcOverrun;
        }

        ushort profile = 0;
        int extensionOffset = 0;
        int extensionLength = 0;
        if ((b0 & 0x10) != 0)
        {
            if (length + 4 > packet.Length)
            {
                return RtpParseError.ExtensionOverrun;
            }

            profile = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(length, 2));
            extensionLength = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(length + 2, 2)) * 4;
            extensionOffset = length + 4;
            length = extensionOffset + extensionLength;
            if (length > packet.Length)
            {
                return RtpParseError.ExtensionOverrun;
            }
        }

        int padding = 0;
        if ((b0 & 0x20) != 0)
        {
            padding = packet[^1];
            if (padding == 0 || padding > packet.Length - length)
            {
                return RtpParseError.BadPadding;
            }
        }

        header = new RtpHeader(
            b0,
            packet[1],
            BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(2, 2)),
            BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4, 4)),
            BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(8, 4)),
            length,
            packet.Length - length - padding,
            padding,
            profile,
            extensionOffset,
            extensionLength);
        return RtpParseError.None;
    }
}
