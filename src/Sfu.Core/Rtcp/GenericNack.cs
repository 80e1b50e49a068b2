using System.Buffers.Binary;

namespace Sfu.Core.Rtcp;

/// <summary>
/// A generic NACK (RTPFB FMT 1, RFC 4585 section 6.2.1): a view over the packet whose lost sequence numbers are
/// enumerated without allocating, and a writer that packs a list of sequence numbers into PID/BLP items.
/// </summary>
/// <remarks>
/// Each FCI entry names a lost packet (PID) and a bitmask of the 16 following ones (BLP: bit i set means PID+i+1
/// is lost too; bit 0 is the least significant bit).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P| FMT=1   |   PT=205      |          length               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of packet sender                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of media source                         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |            PID                |             BLP               |  one or more
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public readonly ref struct GenericNack
{
    private const int ItemLength = 4;

    private readonly ReadOnlySpan<byte> _items;

    private GenericNack(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<byte> items)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        _items = items;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>SSRC of the media source whose packets are lost.</summary>
    public uint MediaSsrc { get; }

    /// <summary>Number of PID/BLP items.</summary>
    public int ItemCount => _items.Length / ItemLength;

    /// <summary>Number of lost sequence numbers named by all items (duplicates counted).</summary>
    public int LostPacketCount
    {
        get
        {
            int count = 0;
            for (int offset = 0; offset < _items.Length; offset += ItemLength)
            {
                count += 1 + System.Numerics.BitOperations.PopCount(BinaryPrimitives.ReadUInt16BigEndian(_items.Slice(offset + 2, 2)));
            }

            return count;
        }
    }

    /// <summary>Parses the NACK at the start of <paramref name="packet"/>. Never throws.</summary>
    public static RtcpParseError TryParse(ReadOnlySpan<byte> packet, out GenericNack nack)
    {
        nack = default;
        RtcpParseError error = RtcpFeedbackHeader.TryGetFci(
            packet, RtcpPacketType.TransportFeedback, (int)RtpFeedbackFormat.GenericNack, out RtcpFeedbackHeader feedback, out ReadOnlySpan<byte> fci);
        if (error != RtcpParseError.None)
        {
            return error;
        }

        if (fci.Length == 0 || fci.Length % ItemLength != 0)
        {
            return RtcpParseError.BadLength;
        }

        nack = new GenericNack(feedback.SenderSsrc, feedback.MediaSsrc, fci);
        return RtcpParseError.None;
    }

    /// <summary>Enumerates the lost sequence numbers, item by item, PID first then the BLP bits in order.</summary>
    public Enumerator GetEnumerator() => new(_items);

    /// <summary>Number of PID/BLP items needed for <paramref name="lostSequenceNumbers"/> (see <see cref="Write"/>).</summary>
    public static int CountItems(ReadOnlySpan<ushort> lostSequenceNumbers)
    {
        int items = 0;
        ushort pid = 0;
        for (int i = 0; i < lostSequenceNumbers.Length; i++)
        {
            ushort sequenceNumber = lostSequenceNumbers[i];
            int distance = (ushort)(sequenceNumber - pid);
            if (items == 0 || distance > 16)
            {
                items++;
                pid = sequenceNumber;
            }
        }

        return items;
    }

    /// <summary>Length of the NACK packet for <paramref name="lostSequenceNumbers"/>.</summary>
    public static int GetLength(ReadOnlySpan<ushort> lostSequenceNumbers) =>
        RtcpFeedbackHeader.Length + (CountItems(lostSequenceNumbers) * ItemLength);

    /// <summary>
    /// Writes a NACK naming <paramref name="lostSequenceNumbers"/> and returns its length. The list should be in
    /// ascending order in 16-bit serial arithmetic (wrapping 65535 → 0 is fine); each number within 16 after the
    /// current item's PID goes into its BLP, any other starts a new item. Unsorted input is still encoded
    /// correctly, only less compactly; a repeat of the current PID is dropped.
    /// </summary>
    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<ushort> lostSequenceNumbers)
    {
        if (lostSequenceNumbers.IsEmpty)
        {
            throw new ArgumentException("A NACK names at least one sequence number.", nameof(lostSequenceNumbers));
        }

        int length = GetLength(lostSequenceNumbers);
        if (length > 65536 * 4)
        {
            throw new ArgumentOutOfRangeException(nameof(lostSequenceNumbers), "Too many items for one RTCP packet.");
        }

        RtcpFeedbackHeader.Write(destination, RtcpPacketType.TransportFeedback, (int)RtpFeedbackFormat.GenericNack, length, senderSsrc, mediaSsrc);
        int offset = RtcpFeedbackHeader.Length - ItemLength;
        ushort pid = 0;
        ushort blp = 0;
        bool open = false;
        for (int i = 0; i < lostSequenceNumbers.Length; i++)
        {
            ushort sequenceNumber = lostSequenceNumbers[i];
            int distance = (ushort)(sequenceNumber - pid);
            if (!open || distance > 16)
            {
                if (open)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(offset + 2), blp);
                }

                offset += ItemLength;
                pid = sequenceNumber;
                blp = 0;
                open = true;
                BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(offset), pid);
            }
            else if (distance > 0)
            {
                blp |= (ushort)(1 << (distance - 1));
            }
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(offset + 2), blp);
        return length;
    }

    /// <summary>Enumerator over the lost sequence numbers of a NACK.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _items;
        private int _offset;
        private ushort _pid;
        private ushort _blp;
        private int _bit;
        private ushort _current;

        internal Enumerator(ReadOnlySpan<byte> items)
        {
            _items = items;
            _offset = -ItemLength;
            _pid = 0;
            _blp = 0;
            _bit = 16;
            _current = 0;
        }

        /// <summary>The current lost sequence number.</summary>
        public readonly ushort Current => _current;

        /// <summary>Advances to the next lost sequence number.</summary>
        public bool MoveNext()
        {
            while (_bit < 16)
            {
                int bit = _bit++;
                if ((_blp & (1 << bit)) != 0)
                {
                    _current = (ushort)(_pid + bit + 1);
                    return true;
                }
            }

            int next = _offset + ItemLength;
            if (next + ItemLength > _items.Length)
            {
                return false;
            }

            _offset = next;
            _pid = BinaryPrimitives.ReadUInt16BigEndian(_items.Slice(next, 2));
            _blp = BinaryPrimitives.ReadUInt16BigEndian(_items.Slice(next + 2, 2));
            _bit = 0;
            _current = _pid;
            return true;
        }
    }
}
