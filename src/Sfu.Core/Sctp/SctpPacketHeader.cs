using System.Buffers.Binary;

namespace Sfu.Core.Sctp;

/// <summary>
/// The SCTP common header (RFC 9260 3.1):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      Source Port Number       |    Destination Port Number    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                       Verification Tag                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                           Checksum                            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly record struct SctpPacketHeader(ushort SourcePort, ushort DestinationPort, uint VerificationTag)
{
    public const int Length = 12;

    /// <summary>Reads the header fields (the checksum is checked by <see cref="SctpPacket.TryValidate"/>).</summary>
    public static SctpPacketHeader Read(ReadOnlySpan<byte> packet) => new(
        BinaryPrimitives.ReadUInt16BigEndian(packet),
        BinaryPrimitives.ReadUInt16BigEndian(packet[2..]),
        BinaryPrimitives.ReadUInt32BigEndian(packet[4..]));

    /// <summary>Writes the header with a zero checksum (stamped when the packet is finished).</summary>
    public void Write(Span<byte> packet)
    {
        BinaryPrimitives.WriteUInt16BigEndian(packet, SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], DestinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], VerificationTag);
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], 0);
    }
}
