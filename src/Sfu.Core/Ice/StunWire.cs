using System.Runtime.CompilerServices;

namespace Sfu.Core.Ice;

/// <summary>
/// Constants and bit twiddling of the STUN wire format (RFC 8489 sections 5 and 14).
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |0 0|     STUN Message Type     |         Message Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Magic Cookie                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                                                               |
/// |                     Transaction ID (96 bits)                  |
/// |                                                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///
/// Message type (14 bits), method bits M0..M11 interleaved with class bits C0, C1:
///   13 12 11 10  9  8  7  6  5  4  3  2  1  0
///  +--+--+--+--+--+--+--+--+--+--+--+--+--+--+
///  |M11         M7|C1|M6    M4|C0|M3       M0|
///  +--+--+--+--+--+--+--+--+--+--+--+--+--+--+
///
/// Attribute (type-length-value, value padded with 0-3 bytes to a multiple of 4;
/// the length counts the value only, not the padding):
///  0                   1                   2                   3
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Type                  |            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Value (variable)                ....
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
internal static class StunWire
{
    public const int HeaderLength = 20;
    public const int AttributeHeaderLength = 4;
    public const int TransactionIdLength = 12;
    public const int TransactionIdOffset = 8;
    public const int MessageLengthOffset = 2;
    public const int MagicCookieOffset = 4;
    public const uint MagicCookie = 0x2112A442;
    public const int MessageIntegrityLength = 20;
    public const int MessageIntegrityAttributeLength = AttributeHeaderLength + MessageIntegrityLength;
    public const int FingerprintLength = 4;
    public const int FingerprintAttributeLength = AttributeHeaderLength + FingerprintLength;

    /// <summary>FINGERPRINT = CRC-32(message) XOR this ("STUN" in ASCII).</summary>
    public const uint FingerprintXor = 0x5354554E;

    /// <summary>XOR-MAPPED-ADDRESS family byte for IPv4.</summary>
    public const byte AddressFamilyIPv4 = 0x01;

    /// <summary>XOR-MAPPED-ADDRESS family byte for IPv6.</summary>
    public const byte AddressFamilyIPv6 = 0x02;

    public const int MaxMethod = 0xFFF;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Pad4(int length) => (length + 3) & ~3;

    public static ushort EncodeMessageType(StunClass messageClass, StunMethod method)
    {
        int m = (int)method;
        int c = (int)messageClass;
        return (ushort)((m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2) | ((c & 0b01) << 4) | ((c & 0b10) << 7));
    }

    public static StunClass DecodeClass(ushort messageType) =>
        (StunClass)(((messageType >> 4) & 0b01) | ((messageType >> 7) & 0b10));

    public static StunMethod DecodeMethod(ushort messageType) =>
        (StunMethod)((messageType & 0x000F) | ((messageType >> 1) & 0x0070) | ((messageType >> 2) & 0x0F80));
}
