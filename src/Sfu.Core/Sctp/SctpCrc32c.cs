using System.Buffers.Binary;
using System.Numerics;

namespace Sfu.Core.Sctp;

/// <summary>
/// The CRC32c (Castagnoli) checksum of SCTP packets (RFC 9260 Appendix A, RFC 3309), computed with the CPU's CRC32
/// instruction where there is one (<see cref="BitOperations.Crc32C(uint, ulong)"/>).
/// </summary>
public static class SctpCrc32c
{
    /// <summary>Offset of the checksum in the common header.</summary>
    public const int ChecksumOffset = 8;

    /// <summary>CRC32c of <paramref name="data"/> (initial value all ones, result inverted, as RFC 9260 specifies).</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(0xFFFFFFFFu, data);

    /// <summary>
    /// CRC32c of a whole packet as if its checksum field were zero, without changing it: the value to compare with
    /// (or to write into) bytes 8-11.
    /// </summary>
    public static uint ComputeForPacket(ReadOnlySpan<byte> packet)
    {
        uint crc = Update(0xFFFFFFFFu, packet[..ChecksumOffset]);
        crc = BitOperations.Crc32C(crc, 0u);
        return ~Update(crc, packet[(ChecksumOffset + 4)..]);
    }

    /// <summary>Writes the checksum of a finished packet into its common header (least significant byte first on the wire).</summary>
    public static void Stamp(Span<byte> packet) =>
        BinaryPrimitives.WriteUInt32LittleEndian(packet[ChecksumOffset..], ComputeForPacket(packet));

    /// <summary>True when the checksum in the header matches the packet.</summary>
    public static bool Verify(ReadOnlySpan<byte> packet) =>
        packet.Length >= SctpPacketHeader.Length
        && BinaryPrimitives.ReadUInt32LittleEndian(packet[ChecksumOffset..]) == ComputeForPacket(packet);

    private static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (byte b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return crc;
    }
}
