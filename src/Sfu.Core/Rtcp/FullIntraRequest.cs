using System.Buffers.Binary;

namespace Sfu.Core.Rtcp;

/// <summary>A full intra request (PSFB FMT 4, RFC 5104 section 4.3.1): a view over the packet.</summary>
/// <remarks>
/// The media source SSRC of the common header is unused (0); the targets are in the FCI entries.
/// The sequence number is incremented by the requester for each new request, so retransmissions can be detected.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P| FMT=4   |   PT=206      |          length               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of packet sender                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of media source (unused, 0)             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                              SSRC                             |  one or
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  more
/// | Seq nr.       |    Reserved                                   |  entries
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public readonly ref struct FullIntraRequest
{
    private const int EntryLength = 8;

    private readonly ReadOnlySpan<byte> _entries;

    private FullIntraRequest(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<byte> entries)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        _entries = entries;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>The media source SSRC of the common header (0 per RFC 5104; some senders fill it in).</summary>
    public uint MediaSsrc { get; }

    /// <summary>Number of FCI entries.</summary>
    public int EntryCount => _entries.Length / EntryLength;

    /// <summary>The FCI entry at <paramref name="index"/>.</summary>
    public FirEntry GetEntry(int index)
    {
        if ((uint)index >= (uint)EntryCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        ReadOnlySpan<byte> entry = _entries.Slice(index * EntryLength, EntryLength);
        return new FirEntry(BinaryPrimitives.ReadUInt32BigEndian(entry), entry[4]);
    }

    /// <summary>Parses the FIR at the start of <paramref name="packet"/>. Never throws.</summary>
    public static RtcpParseError TryParse(ReadOnlySpan<byte> packet, out FullIntraRequest fir)
    {
        fir = default;
        RtcpParseError error = RtcpFeedbackHeader.TryGetFci(
            packet, RtcpPacketType.PayloadFeedback, (int)PayloadFeedbackFormat.FullIntraRequest, out RtcpFeedbackHeader feedback, out ReadOnlySpan<byte> fci);
        if (error != RtcpParseError.None)
        {
            return error;
        }

        if (fci.Length == 0 || fci.Length % EntryLength != 0)
        {
            return RtcpParseError.BadLength;
        }

        fir = new FullIntraRequest(feedback.SenderSsrc, feedback.MediaSsrc, fci);
        return RtcpParseError.None;
    }

    /// <summary>Length of a FIR with <paramref name="entryCount"/> entries.</summary>
    public static int GetLength(int entryCount) => RtcpFeedbackHeader.Length + (entryCount * EntryLength);

    /// <summary>Writes a FIR with one entry and returns its length (20).</summary>
    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc, byte sequenceNumber)
    {
        ReadOnlySpan<FirEntry> entries = [new FirEntry(mediaSsrc, sequenceNumber)];
        return Write(destination, senderSsrc, entries);
    }

    /// <summary>Writes a FIR with the given entries (media source SSRC 0) and returns its length.</summary>
    public static int Write(Span<byte> destination, uint senderSsrc, ReadOnlySpan<FirEntry> entries)
    {
        if (entries.IsEmpty)
        {
            throw new ArgumentException("A FIR has at least one entry.", nameof(entries));
        }

        int length = GetLength(entries.Length);
        RtcpFeedbackHeader.Write(destination, RtcpPacketType.PayloadFeedback, (int)PayloadFeedbackFormat.FullIntraRequest, length, senderSsrc, 0);
        for (int i = 0; i < entries.Length; i++)
        {
            Span<byte> entry = destination.Slice(RtcpFeedbackHeader.Length + (i * EntryLength), EntryLength);
            BinaryPrimitives.WriteUInt32BigEndian(entry, entries[i].Ssrc);
            BinaryPrimitives.WriteUInt32BigEndian(entry.Slice(4), (uint)entries[i].SequenceNumber << 24);
        }

        return length;
    }
}
