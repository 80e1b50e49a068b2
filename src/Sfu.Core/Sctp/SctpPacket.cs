using System.Buffers.Binary;

namespace Sfu.Core.Sctp;

/// <summary>
/// Validation of a received SCTP packet: header length, CRC32c, and that its chunks tile the packet exactly
/// (each chunk's length at least 4, padded to 4 bytes; the last chunk's padding may be missing). Chunks are then
/// read with <see cref="SctpChunkEnumerator"/>, which relies on this validation.
/// </summary>
public static class SctpPacket
{
    /// <summary>Checks a packet; on success <paramref name="header"/> holds its common header.</summary>
    public static SctpParseError TryValidate(ReadOnlySpan<byte> packet, out SctpPacketHeader header)
    {
        header = default;
        if (packet.Length < SctpPacketHeader.Length + SctpChunk.HeaderLength)
        {
            return packet.Length == SctpPacketHeader.Length ? SctpParseError.NoChunks : SctpParseError.TooShort;
        }

        if (!SctpCrc32c.Verify(packet))
        {
            return SctpParseError.BadChecksum;
        }

        int offset = SctpPacketHeader.Length;
        while (offset < packet.Length)
        {
            if (packet.Length - offset < SctpChunk.HeaderLength)
            {
                return SctpParseError.BadLength;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]);
            if (length < SctpChunk.HeaderLength || length > packet.Length - offset)
            {
                return SctpParseError.BadLength;
            }

            offset += Pad4(length);
        }

        header = SctpPacketHeader.Read(packet);
        return SctpParseError.None;
    }

    /// <summary>Enumerates the chunks of a packet that passed <see cref="TryValidate"/>.</summary>
    public static SctpChunkEnumerator Chunks(ReadOnlySpan<byte> packet) => new(packet[SctpPacketHeader.Length..]);

    /// <summary>Rounds a length up to a multiple of 4.</summary>
    public static int Pad4(int length) => (length + 3) & ~3;
}
