using System.Buffers.Binary;

namespace Sfu.Core.Rtcp;

/// <summary>
/// The 4-byte header common to all RTCP packets (RFC 3550 section 6.4.1). A plain value, storable.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P| RC/FMT  |      PT       |             length            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// length is the packet length in 32-bit words minus one, header and padding included. With P set, the last
/// octet of the packet counts the padding octets (itself included).
/// </remarks>
public readonly struct RtcpHeader
{
    /// <summary>Size of the common header.</summary>
    public const int Length = 4;

    private readonly byte _firstByte;

    private RtcpHeader(byte firstByte, RtcpPacketType packetType, ushort lengthInWords, int paddingLength)
    {
        _firstByte = firstByte;
        PacketType = packetType;
        LengthInWords = lengthInWords;
        PaddingLength = paddingLength;
    }

    /// <summary>The version field; 2 for a successfully parsed header.</summary>
    public int Version => _firstByte >> 6;

    /// <summary>The P bit.</summary>
    public bool HasPadding => (_firstByte & 0x20) != 0;

    /// <summary>The 5-bit count field: report count (SR/RR), source count (SDES/BYE), or subtype (APP).</summary>
    public int Count => _firstByte & 0x1F;

    /// <summary>The same 5 bits read as the feedback message type (RTPFB/PSFB).</summary>
    public int Format => _firstByte & 0x1F;

    /// <summary>The packet type; may be a value not named in <see cref="RtcpPacketType"/>.</summary>
    public RtcpPacketType PacketType { get; }

    /// <summary>The length field: packet length in 32-bit words minus one.</summary>
    public ushort LengthInWords { get; }

    /// <summary>Total length of the packet in bytes, header and padding included: (length + 1) × 4.</summary>
    public int PacketLength => (LengthInWords + 1) * 4;

    /// <summary>Number of padding bytes at the end of the packet (the count octet included); 0 when P is clear.</summary>
    public int PaddingLength { get; }

    /// <summary>Length of the packet body: after the 4-byte header, before the padding.</summary>
    public int BodyLength => PacketLength - Length - PaddingLength;

    /// <summary>
    /// Parses the header at the start of <paramref name="buffer"/> and checks the whole packet it announces fits.
    /// Never throws.
    /// </summary>
    public static RtcpParseError TryParse(ReadOnlySpan<byte> buffer, out RtcpHeader header)
    {
        header = default;
        if (buffer.Length < Length)
        {
            return RtcpParseError.TooShort;
        }

        byte b0 = buffer[0];
        if ((b0 >> 6) != 2)
        {
            return RtcpParseError.BadVersion;
        }

        ushort words = BinaryPrimitives.ReadUInt16BigEndian(buffer.Slice(2, 2));
        int packetLength = (words + 1) * 4;
        if (packetLength > buffer.Length)
        {
            return RtcpParseError.LengthOverrun;
        }

        int padding = 0;
        if ((b0 & 0x20) != 0)
        {
            padding = buffer[packetLength - 1];
            if (padding == 0 || padding > packetLength - Length)
            {
                return RtcpParseError.BadPadding;
            }
        }

        header = new RtcpHeader(b0, (RtcpPacketType)buffer[1], words, padding);
        return RtcpParseError.None;
    }

    /// <summary>
    /// Writes a common header (P clear) for a packet of <paramref name="packetLength"/> bytes, a multiple of 4.
    /// Returns 4.
    /// </summary>
    public static int Write(Span<byte> destination, int count, RtcpPacketType packetType, int packetLength)
    {
        if ((uint)count > 31)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "The RTCP count field is 5 bits.");
        }

        if (packetLength < Length || packetLength % 4 != 0 || packetLength > 65536 * 4)
        {
            throw new ArgumentOutOfRangeException(nameof(packetLength), packetLength, "RTCP packets are whole 32-bit words.");
        }

        if (destination.Length < Length)
        {
            throw new ArgumentException("The destination is too small.", nameof(destination));
        }

        destination[0] = (byte)(0x80 | count);
        destination[1] = (byte)packetType;
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), (ushort)((packetLength / 4) - 1));
        return Length;
    }

    /// <summary>
    /// Parses the header of the packet at the start of <paramref name="packet"/>, checks its type, and returns its
    /// body (between the header and the padding).
    /// </summary>
    internal static RtcpParseError TryGetBody(
        ReadOnlySpan<byte> packet,
        RtcpPacketType expectedType,
        out RtcpHeader header,
        out ReadOnlySpan<byte> body)
    {
        body = default;
        RtcpParseError error = TryParse(packet, out header);
        if (error != RtcpParseError.None)
        {
            return error;
        }

        if (header.PacketType != expectedType)
        {
            header = default;
            return RtcpParseError.WrongPacketType;
        }

        body = packet.Slice(Length, header.BodyLength);
        return RtcpParseError.None;
    }

    /// <summary>Throws when <paramref name="destination"/> cannot hold <paramref name="length"/> bytes.</summary>
    internal static void CheckDestination(Span<byte> destination, int length)
    {
        if (destination.Length < length)
        {
            throw new ArgumentException($"The destination needs {length} bytes.", nameof(destination));
        }
    }
}
