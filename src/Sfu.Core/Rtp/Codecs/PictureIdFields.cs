using System.Buffers.Binary;

namespace Sfu.Core.Rtp.Codecs;

/// <summary>
/// In-place writers of the PictureID and TL0PICIDX fields that VP8 (RFC 7741) and VP9 (RFC 9628) payload
/// descriptors share: a 7-bit or (M bit set) 15-bit PictureID, and an 8-bit TL0PICIDX.
/// </summary>
internal static class PictureIdFields
{
    /// <summary>
    /// Reads a PictureID at <paramref name="offset"/> (7-bit, or 15-bit when the M bit is set) and advances past it;
    /// false when the payload ends inside it.
    /// </summary>
    public static bool TryReadPictureId(ReadOnlySpan<byte> payload, ref int offset, out ushort pictureId, out bool twoByte)
    {
        pictureId = 0;
        twoByte = false;
        if (offset >= payload.Length)
        {
            return false;
        }

        twoByte = (payload[offset] & 0x80) != 0;
        if (!twoByte)
        {
            pictureId = (ushort)(payload[offset++] & 0x7F);
            return true;
        }

        if (offset + 2 > payload.Length)
        {
            return false;
        }

        pictureId = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(payload.Slice(offset, 2)) & 0x7FFF);
        offset += 2;
        return true;
    }

    /// <summary>Writes <paramref name="pictureId"/> at <paramref name="offset"/>, keeping the field's width; false when absent.</summary>
    public static bool TryWritePictureId(Span<byte> payload, int offset, bool twoByte, ushort pictureId)
    {
        if (offset < 0 || offset + (twoByte ? 2 : 1) > payload.Length)
        {
            return false;
        }

        if (twoByte)
        {
            BinaryPrimitives.WriteUInt16BigEndian(payload.Slice(offset), (ushort)(0x8000 | (pictureId & 0x7FFF)));
        }
        else
        {
            payload[offset] = (byte)(pictureId & 0x7F);
        }

        return true;
    }

    /// <summary>Writes TL0PICIDX at <paramref name="offset"/>; false when absent.</summary>
    public static bool TryWriteTl0PicIdx(Span<byte> payload, int offset, byte tl0PicIdx)
    {
        if (offset < 0 || offset >= payload.Length)
        {
            return false;
        }

        payload[offset] = tl0PicIdx;
        return true;
    }
}
