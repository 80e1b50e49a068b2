namespace Sfu.Core.Rtp;

/// <summary>
/// Finds RFC 8285 header extension elements in an RTP packet, without allocating.
/// </summary>
/// <remarks>
/// One-byte form (profile 0xBEDE), each element is an ID (1..14) and L (data length minus one) nibble pair:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |       0xBE    |    0xDE       |           length=3            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  ID   | L=0   |     data      |  ID   |  L=1  |   data...
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Two-byte form (profile 0x100X), each element is an 8-bit ID (1..255) and an 8-bit length (0..255):
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         0x100         |appbits|           length=3            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      ID       |     L=0       |     ID        |     L=1       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |       data    |    0 (pad)    |       ID      |      L=4      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// In both forms a zero byte between elements is padding. In the one-byte form ID 15 ends processing.
/// </remarks>
public static class RtpHeaderExtensions
{
    internal enum ElementResult
    {
        End,
        Element,
        Malformed,
    }

    /// <summary>
    /// Finds the first element with local ID <paramref name="id"/>. Returns false when the packet has no RFC 8285
    /// extension, the element is absent, or the block is malformed before it is reached.
    /// </summary>
    public static bool TryFind(ReadOnlySpan<byte> packet, scoped in RtpHeader header, int id, out ReadOnlySpan<byte> value)
    {
        if (TryFindRange(packet, header, id, out int offset, out int length))
        {
            value = packet.Slice(offset, length);
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>
    /// Like <see cref="TryFind"/> but returns a writable view, for rewriting an element's value in place
    /// (e.g. abs-send-time or the transport-wide sequence number).
    /// </summary>
    public static bool TryFindMutable(Span<byte> packet, scoped in RtpHeader header, int id, out Span<byte> value)
    {
        if (TryFindRange(packet, header, id, out int offset, out int length))
        {
            value = packet.Slice(offset, length);
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>
    /// Finds the first element with local ID <paramref name="id"/> and returns the offset of its value from the
    /// start of the packet and its length.
    /// </summary>
    public static bool TryFindRange(ReadOnlySpan<byte> packet, scoped in RtpHeader header, int id, out int valueOffset, out int valueLength)
    {
        valueOffset = 0;
        valueLength = 0;
        bool twoByte;
        if (header.HasOneByteExtensions)
        {
            if (id < 1 || id > 14)
            {
                return false;
            }

            twoByte = false;
        }
        else if (header.HasTwoByteExtensions)
        {
            if (id < 1 || id > 255)
            {
                return false;
            }

            twoByte = true;
        }
        else
        {
            return false;
        }

        if (header.ExtensionOffset + header.ExtensionLength > packet.Length)
        {
            return false;
        }

        ReadOnlySpan<byte> data = packet.Slice(header.ExtensionOffset, header.ExtensionLength);
        int position = 0;
        while (ReadElement(data, twoByte, ref position, out int elementId, out int offset, out int length) == ElementResult.Element)
        {
            if (elementId == id)
            {
                valueOffset = header.ExtensionOffset + offset;
                valueLength = length;
                return true;
            }
        }

        return false;
    }

    /// <summary>Enumerates all elements of the packet's RFC 8285 extension block.</summary>
    public static RtpHeaderExtensionEnumerator Enumerate(ReadOnlySpan<byte> packet, scoped in RtpHeader header) => new(packet, header);

    /// <summary>
    /// Reads the element at <paramref name="position"/> in an extension block, skipping padding bytes.
    /// On success advances <paramref name="position"/> past the element.
    /// </summary>
    internal static ElementResult ReadElement(
        ReadOnlySpan<byte> data,
        bool twoByte,
        ref int position,
        out int id,
        out int valueOffset,
        out int valueLength)
    {
        id = 0;
        valueOffset = 0;
        valueLength = 0;
        int pos = position;
        while (pos < data.Length && data[pos] == 0)
        {
            pos++;
        }

        if (pos >= data.Length)
        {
            position = pos;
            return ElementResult.End;
        }

        byte b = data[pos];
        int length;
        int headerSize;
        if (twoByte)
        {
            if (pos + 2 > data.Length)
            {
                position = data.Length;
                return ElementResult.Malformed;
            }

            id = b;
            length = data[pos + 1];
            headerSize = 2;
        }
        else
        {
            id = b >> 4;
            if (id == 15)
            {
                position = data.Length;
                return ElementResult.End;
            }

            length = (b & 0x0F) + 1;
            headerSize = 1;
        }

        if (pos + headerSize + length > data.Length)
        {
            position = data.Length;
            return ElementResult.Malformed;
        }

        valueOffset = pos + headerSize;
        valueLength = length;
        position = valueOffset + length;
        return ElementResult.Element;
    }
}
