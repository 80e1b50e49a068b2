namespace Sfu.Core.Rtp.Codecs;

/// <summary>
/// Keyframe detection for AV1 RTP payloads (AV1 RTP payload specification, section 4.4).
/// </summary>
/// <remarks>
/// Every payload starts with the aggregation header:
/// <code>
///  0 1 2 3 4 5 6 7
/// +-+-+-+-+-+-+-+-+
/// |Z|Y| W |N|-|-|-|
/// +-+-+-+-+-+-+-+-+
/// </code>
/// Z: the first OBU element continues an OBU fragment of the previous packet; Y: the last one continues in the
/// next packet; W: number of OBU elements (0: every element is preceded by a LEB128 length; otherwise all but the
/// last are); N: this packet is the first of a coded video sequence (which starts with a keyframe).
/// An OBU header is <c>|F|type(4)|X|S|R|</c>; type 1 is a sequence header.
/// </remarks>
public static class Av1Packetization
{
    /// <summary>OBU type of a sequence header.</summary>
    public const int SequenceHeaderObu = 1;

    /// <summary>N bit: the packet is the first of a coded video sequence.</summary>
    public static bool IsNewCodedVideoSequence(ReadOnlySpan<byte> payload) => !payload.IsEmpty && (payload[0] & 0x08) != 0;

    /// <summary>
    /// True when the packet starts a keyframe: the N bit is set, or (for senders that leave N clear) the first OBU
    /// element starts with a sequence header OBU, which encoders send at the start of a new coded video sequence.
    /// Malformed payloads return false. Never throws.
    /// </summary>
    public static bool IsKeyframe(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return false;
        }

        byte aggregation = payload[0];
        if ((aggregation & 0x08) != 0)
        {
            return true;
        }

        if ((aggregation & 0x80) != 0)
        {
            return false; // the first element is the middle or end of a fragmented OBU
        }

        int elementCount = (aggregation >> 4) & 0x03;
        int offset = 1;
        if (elementCount != 1)
        {
            if (!TryReadLeb128(payload, ref offset, out ulong length) || length == 0 || (ulong)(payload.Length - offset) < length)
            {
                return false;
            }
        }

        if (offset >= payload.Length)
        {
            return false;
        }

        byte obuHeader = payload[offset];
        return (obuHeader & 0x80) == 0 && ((obuHeader >> 3) & 0x0F) == SequenceHeaderObu;
    }

    /// <summary>Reads an unsigned LEB128 value of at most 8 bytes.</summary>
    internal static bool TryReadLeb128(ReadOnlySpan<byte> data, ref int offset, out ulong value)
    {
        value = 0;
        for (int i = 0; i < 8; i++)
        {
            if (offset >= data.Length)
            {
                return false;
            }

            byte b = data[offset++];
            value |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }
}
