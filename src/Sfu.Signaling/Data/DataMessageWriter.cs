using System.Buffers.Binary;
using System.Text;

namespace Sfu.Signaling.Data;

/// <summary>Writes the server's data messages (docs/signaling-protocol.md, "Room data") into caller-owned buffers.</summary>
public static class DataMessageWriter
{
    /// <summary>Header bytes of a forwarded message at most: type, flags, sender (1 + 255), topic (1 + 255).</summary>
    public const int MaxHeaderLength = 2 + 256 + 256;

    /// <summary>
    /// A <see cref="DataMessageType.Message"/>:
    /// <c>type (2), flags, sender length S, S bytes of the sender's participant id (0: the server), topic length T, T bytes, payload</c>.
    /// </summary>
    /// <returns>The bytes written.</returns>
    public static int WriteMessage(Span<byte> destination, byte flags, ReadOnlySpan<byte> sender, ReadOnlySpan<byte> topic, ReadOnlySpan<byte> payload)
    {
        destination[0] = (byte)DataMessageType.Message;
        destination[1] = flags;
        destination[2] = (byte)sender.Length;
        sender.CopyTo(destination[3..]);
        int offset = 3 + sender.Length;
        destination[offset++] = (byte)topic.Length;
        topic.CopyTo(destination[offset..]);
        offset += topic.Length;
        payload.CopyTo(destination[offset..]);
        return offset + payload.Length;
    }

    /// <summary>A <see cref="DataMessageType.Refused"/>: <c>type (3), reason, UTF-8 text</c>. Control plane: allocates.</summary>
    public static byte[] Refused(DataDropReason reason, string text)
    {
        var bytes = new byte[2 + Encoding.UTF8.GetByteCount(text)];
        bytes[0] = (byte)DataMessageType.Refused;
        bytes[1] = (byte)reason;
        Encoding.UTF8.GetBytes(text, bytes.AsSpan(2));
        return bytes;
    }

    /// <summary>A <see cref="DataMessageType.Limits"/>: <c>type (4), max payload bytes, messages/s, bytes/s</c> (uint32 big endian).</summary>
    public static byte[] Limits(RoomDataOptions options)
    {
        var bytes = new byte[13];
        bytes[0] = (byte)DataMessageType.Limits;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(1), (uint)options.MaxMessageBytes);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(5), (uint)options.MessagesPerSecond);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(9), (uint)options.BytesPerSecond);
        return bytes;
    }
}
