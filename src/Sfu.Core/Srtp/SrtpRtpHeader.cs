using System.Buffers.Binary;

namespace Sfu.Core.Srtp;

/// <summary>
/// Just enough RTP header parsing for SRTP (RFC 3550 section 5.1): where the header ends, so the payload can be
/// encrypted. The header extension is skipped as a whole (RFC 6904 header-extension encryption is not used).
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
/// |            contributing source (CSRC) identifiers (CC × 32)   |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      defined by profile       |  length (32-bit words)        |  present when X = 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                 header extension (length × 32)                |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
internal static class SrtpRtpHeader
{
    /// <summary>Length of the fixed RTP header.</summary>
    internal const int FixedLength = 12;

    /// <summary>
    /// Finds the header length of the RTP packet <paramref name="packet"/> (without any SRTP tag).
    /// <see cref="SrtpError.TooShort"/> below 12 bytes, <see cref="SrtpError.InvalidHeader"/> for a version other than 2
    /// or a CSRC list / extension longer than the packet.
    /// </summary>
    internal static SrtpError TryGetHeaderLength(ReadOnlySpan<byte> packet, out int headerLength)
    {
        headerLength = 0;
        if (packet.Length < FixedLength)
        {
            return SrtpError.TooShort;
        }

        byte first = packet[0];
        if ((first >> 6) != 2)
        {
            return SrtpError.InvalidHeader;
        }

        int length = FixedLength + (4 * (first & 0x0F));
        if ((first & 0x10) != 0)
        {
            if (packet.Length < length + 4)
            {
                return SrtpError.InvalidHeader;
            }

            length += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(length + 2)..]));
        }

        if (length > packet.Length)
        {
            return SrtpError.InvalidHeader;
        }

        headerLength = length;
        return SrtpError.Ok;
    }
}
