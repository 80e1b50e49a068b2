using System.Buffers.Binary;

namespace Sfu.Load.Data;

/// <summary>
/// The payload of one of the tool's room data messages: who sent it, its number and when, then filler up to the
/// configured size. Receivers read the header back to count per sender, see reordering and gaps, and measure the
/// end-to-end latency (sender and receivers share the process's <see cref="Media.MediaClock"/>).
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  magic 0x53464430 ("SFD0")                    |
/// |                   sender index (in the run)                   |
/// |                sequence number (64 bits, from 0)              |
/// |                                                               |
/// |           send time (64 bits, media clock microseconds)       |
/// |                                                               |
/// |                     filler (0x5A) ...                         |
/// </code>
/// </remarks>
public static class DataPayload
{
    /// <summary>Bytes of the header; the smallest payload.</summary>
    public const int HeaderLength = 24;

    /// <summary>"SFD0": tells the tool's messages from anything else on the channel.</summary>
    public const uint Magic = 0x53464430;

    /// <summary>The filler byte after the header.</summary>
    public const byte Filler = 0x5A;

    /// <summary>Writes the filler once: a sender's buffer keeps it, and each message only rewrites the header.</summary>
    public static void Fill(Span<byte> payload) => payload[Math.Min(HeaderLength, payload.Length)..].Fill(Filler);

    /// <summary>Writes the header into the first <see cref="HeaderLength"/> bytes of <paramref name="payload"/>.</summary>
    public static void WriteHeader(Span<byte> payload, uint senderIndex, long sequence, long sentUs)
    {
        BinaryPrimitives.WriteUInt32BigEndian(payload, Magic);
        BinaryPrimitives.WriteUInt32BigEndian(payload[4..], senderIndex);
        BinaryPrimitives.WriteInt64BigEndian(payload[8..], sequence);
        BinaryPrimitives.WriteInt64BigEndian(payload[16..], sentUs);
    }

    /// <summary>Reads the header; false when the payload is too short or not one of the tool's.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> payload, out uint senderIndex, out long sequence, out long sentUs)
    {
        if (payload.Length < HeaderLength || BinaryPrimitives.ReadUInt32BigEndian(payload) != Magic)
        {
            senderIndex = 0;
            sequence = 0;
            sentUs = 0;
            return false;
        }

        senderIndex = BinaryPrimitives.ReadUInt32BigEndian(payload[4..]);
        sequence = BinaryPrimitives.ReadInt64BigEndian(payload[8..]);
        sentUs = BinaryPrimitives.ReadInt64BigEndian(payload[16..]);
        return true;
    }
}
