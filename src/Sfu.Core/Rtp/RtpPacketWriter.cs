using System.Buffers.Binary;

namespace Sfu.Core.Rtp;

/// <summary>
/// Builds RTP headers and rewrites header fields in place (RFC 3550 section 5.1; see <see cref="RtpHeader"/> for
/// the layout). The in-place setters are what an SFU uses on the forwarding path to rewrite SSRC, sequence number,
/// timestamp and payload type per subscriber. Nothing here allocates.
/// </summary>
public static class RtpPacketWriter
{
    /// <summary>
    /// Writes a version 2 fixed header followed by the CSRC list, with the P and X bits clear, and returns its
    /// length (12 + 4 × CSRC count). Add an extension block with <see cref="RtpHeaderExtensionWriter"/> and
    /// <see cref="SetExtension"/>, padding with <see cref="AppendPadding"/>.
    /// </summary>
    public static int WriteHeader(
        Span<byte> destination,
        byte payloadType,
        ushort sequenceNumber,
        uint timestamp,
        uint ssrc,
        bool marker = false,
        ReadOnlySpan<uint> csrcs = default)
    {
        if (payloadType > 127)
        {
            throw new ArgumentOutOfRangeException(nameof(payloadType), payloadType, "RTP payload types are 0..127.");
        }

        if (csrcs.Length > 15)
        {
            throw new ArgumentOutOfRangeException(nameof(csrcs), csrcs.Length, "At most 15 CSRCs fit in an RTP header.");
        }

        int length = RtpHeader.FixedHeaderLength + (csrcs.Length * 4);
        if (destination.Length < length)
        {
            throw new ArgumentException("The destination is too small for the RTP header.", nameof(destination));
        }

        destination[0] = (byte)(0x80 | csrcs.Length);
        destination[1] = (byte)((marker ? 0x80 : 0) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), ssrc);
        for (int i = 0; i < csrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(RtpHeader.FixedHeaderLength + (i * 4)), csrcs[i]);
        }

        return length;
    }

    /// <summary>Rewrites the sequence number in place.</summary>
    public static void SetSequenceNumber(Span<byte> packet, ushort sequenceNumber)
    {
        CheckFixedHeader(packet);
        BinaryPrimitives.WriteUInt16BigEndian(packet.Slice(2), sequenceNumber);
    }

    /// <summary>Rewrites the timestamp in place.</summary>
    public static void SetTimestamp(Span<byte> packet, uint timestamp)
    {
        CheckFixedHeader(packet);
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(4), timestamp);
    }

    /// <summary>Rewrites the SSRC in place.</summary>
    public static void SetSsrc(Span<byte> packet, uint ssrc)
    {
        CheckFixedHeader(packet);
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(8), ssrc);
    }

    /// <summary>Rewrites the payload type in place, keeping the marker bit.</summary>
    public static void SetPayloadType(Span<byte> packet, byte payloadType)
    {
        CheckFixedHeader(packet);
        if (payloadType > 127)
        {
            throw new ArgumentOutOfRangeException(nameof(payloadType), payloadType, "RTP payload types are 0..127.");
        }

        packet[1] = (byte)((packet[1] & 0x80) | payloadType);
    }

    /// <summary>Sets or clears the marker bit in place, keeping the payload type.</summary>
    public static void SetMarker(Span<byte> packet, bool marker)
    {
        CheckFixedHeader(packet);
        packet[1] = (byte)(marker ? packet[1] | 0x80 : packet[1] & 0x7F);
    }

    /// <summary>Sets or clears the X bit (a header extension follows the CSRCs).</summary>
    public static void SetExtension(Span<byte> packet, bool hasExtension)
    {
        CheckFixedHeader(packet);
        packet[0] = (byte)(hasExtension ? packet[0] | 0x10 : packet[0] & ~0x10);
    }

    /// <summary>
    /// Appends <paramref name="paddingLength"/> padding bytes (zeros, the last one holding the count) after the first
    /// <paramref name="packetLength"/> bytes, sets the P bit and returns the new packet length.
    /// </summary>
    public static int AppendPadding(Span<byte> packet, int packetLength, int paddingLength)
    {
        CheckFixedHeader(packet);
        if (paddingLength < 1 || paddingLength > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(paddingLength), paddingLength, "RTP padding is 1..255 bytes.");
        }

        if (packetLength < RtpHeader.FixedHeaderLength || packetLength + paddingLength > packet.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(packetLength), packetLength, "No room for the padding.");
        }

        packet.Slice(packetLength, paddingLength - 1).Clear();
        packet[packetLength + paddingLength - 1] = (byte)paddingLength;
        packet[0] |= 0x20;
        return packetLength + paddingLength;
    }

    private static void CheckFixedHeader(Span<byte> packet)
    {
        if (packet.Length < RtpHeader.FixedHeaderLength)
        {
            throw new ArgumentException("Not an RTP packet: shorter than the fixed header.", nameof(packet));
        }
    }
}
