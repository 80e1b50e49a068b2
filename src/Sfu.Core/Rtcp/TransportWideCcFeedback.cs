using System.Buffers.Binary;

namespace Sfu.Core.Rtcp;

/// <summary>
/// Transport-wide congestion control feedback (RTPFB FMT 15, draft-holmer-rmcat-transport-wide-cc-extensions-01
/// section 3.1): a view over the packet. <see cref="TryParse"/> validates chunks and deltas, so enumerating the
/// packet statuses (without allocating) cannot fail. Build one with <see cref="TransportWideCcFeedbackBuilder"/>.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|  FMT=15 |    PT=205     |           length              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                     SSRC of packet sender                     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      SSRC of media source                     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      base sequence number     |      packet status count      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                 reference time                | fb pkt. count |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          packet chunk         |         packet chunk          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// .                                                               .
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         packet chunk          |  recv delta   |  recv delta   |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// .                                                               .
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           recv delta          |  recv delta   | zero padding  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Reference time: signed 24 bits, in 64 ms units. Packet chunks (16 bits each), first bit T:
/// <code>
/// run length chunk (T=0):      |T| S |       run length        |   S: symbol, run length: 13 bits
/// status vector chunk (T=1):   |T|S|       symbol list         |   S=0: 14 one-bit symbols (0 lost, 1 small delta)
///                                                                  S=1: 7 two-bit symbols
/// </code>
/// Receive deltas follow all chunks, one per received packet in sequence order: 1 unsigned byte for a small
/// delta, 2 signed bytes for a large or negative one, in 250 µs ticks.
/// </remarks>
public readonly ref struct TransportWideCcFeedback
{
    /// <summary>Length of the packet up to and including the feedback packet count: offset of the first chunk.</summary>
    public const int HeaderLength = RtcpFeedbackHeader.Length + 8;

    /// <summary>Length of one reference time unit in microseconds.</summary>
    public const long ReferenceTimeUnitMicroseconds = 64_000;

    /// <summary>Reference time units per 250 µs delta tick (64 ms / 250 µs).</summary>
    internal const int TicksPerReferenceUnit = 256;

    private readonly ReadOnlySpan<byte> _chunks;
    private readonly ReadOnlySpan<byte> _deltas;

    private TransportWideCcFeedback(
        uint senderSsrc,
        uint mediaSsrc,
        ushort baseSequenceNumber,
        ushort packetStatusCount,
        int referenceTime,
        byte feedbackPacketCount,
        int receivedCount,
        ReadOnlySpan<byte> chunks,
        ReadOnlySpan<byte> deltas)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        BaseSequenceNumber = baseSequenceNumber;
        PacketStatusCount = packetStatusCount;
        ReferenceTime = referenceTime;
        FeedbackPacketCount = feedbackPacketCount;
        ReceivedPacketCount = receivedCount;
        _chunks = chunks;
        _deltas = deltas;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>SSRC of the media source (unused by transport-wide CC, often the first stream's SSRC).</summary>
    public uint MediaSsrc { get; }

    /// <summary>Transport-wide sequence number of the first packet reported.</summary>
    public ushort BaseSequenceNumber { get; }

    /// <summary>Number of packets reported, starting at <see cref="BaseSequenceNumber"/>.</summary>
    public ushort PacketStatusCount { get; }

    /// <summary>Reference time, signed 24 bits, in 64 ms units.</summary>
    public int ReferenceTime { get; }

    /// <summary>Reference time in microseconds.</summary>
    public long ReferenceTimeMicroseconds => ReferenceTime * ReferenceTimeUnitMicroseconds;

    /// <summary>Feedback packet sequence counter (wraps at 256), to detect lost feedback.</summary>
    public byte FeedbackPacketCount { get; }

    /// <summary>Number of packets reported as received.</summary>
    public int ReceivedPacketCount { get; }

    /// <summary>Number of packet chunks.</summary>
    public int ChunkCount => _chunks.Length / 2;

    /// <summary>Parses and validates the feedback at the start of <paramref name="packet"/>. Never throws.</summary>
    public static RtcpParseError TryParse(ReadOnlySpan<byte> packet, out TransportWideCcFeedback feedback)
    {
        feedback = default;
        RtcpParseError error = RtcpFeedbackHeader.TryGetFci(
            packet, RtcpPacketType.TransportFeedback, (int)RtpFeedbackFormat.TransportWideCc, out RtcpFeedbackHeader header, out ReadOnlySpan<byte> fci);
        if (error != RtcpParseError.None)
        {
            return error;
        }

        if (fci.Length < 8)
        {
            return RtcpParseError.TooShort;
        }

        ushort baseSequence = BinaryPrimitives.ReadUInt16BigEndian(fci);
        ushort statusCount = BinaryPrimitives.ReadUInt16BigEndian(fci.Slice(2));
        uint word = BinaryPrimitives.ReadUInt32BigEndian(fci.Slice(4));
        int referenceTime = (int)word >> 8; // signed 24-bit
        byte feedbackCount = (byte)word;
        if (statusCount == 0)
        {
            return RtcpParseError.BadLength;
        }

        int position = 8;
        int remaining = statusCount;
        int deltaBytes = 0;
        int received = 0;
        while (remaining > 0)
        {
            if (position + 2 > fci.Length)
            {
                return RtcpParseError.StatusCountOverrun;
            }

            ushort chunk = BinaryPrimitives.ReadUInt16BigEndian(fci.Slice(position));
            position += 2;
            if ((chunk & 0x8000) == 0)
            {
                int symbol = (chunk >> 13) & 0x3;
                int run = Math.Min(chunk & 0x1FFF, remaining);
                if (symbol == 3 && run > 0)
                {
                    return RtcpParseError.ReservedStatusSymbol;
                }

                if (symbol != 0)
                {
                    received += run;
                    deltaBytes += run * symbol;
                }

                remaining -= run;
            }
            else
            {
                int capacity = (chunk & 0x4000) == 0 ? 14 : 7;
                int count = Math.Min(capacity, remaining);
                for (int i = 0; i < count; i++)
                {
                    int symbol = VectorSymbol(chunk, i);
                    if (symbol == 3)
                    {
                        return RtcpParseError.ReservedStatusSymbol;
                    }

                    if (symbol != 0)
                    {
                        received++;
                        deltaBytes += symbol;
                    }
                }

                remaining -= count;
            }
        }

        if (position + deltaBytes > fci.Length)
        {
            return RtcpParseError.DeltaOverrun;
        }

        feedback = new TransportWideCcFeedback(
            header.SenderSsrc,
            header.MediaSsrc,
            baseSequence,
            statusCount,
            referenceTime,
            feedbackCount,
            received,
            fci.Slice(8, position - 8),
            fci.Slice(position, deltaBytes));
        return RtcpParseError.None;
    }

    /// <summary>Enumerates the status of every reported packet, in sequence order.</summary>
    public Enumerator GetEnumerator() =>
        new(_chunks, _deltas, BaseSequenceNumber, PacketStatusCount, (long)ReferenceTime * TicksPerReferenceUnit);

    /// <summary>Symbol <paramref name="index"/> of a status vector chunk (1-bit symbols if S=0, 2-bit if S=1).</summary>
    internal static int VectorSymbol(ushort chunk, int index) =>
        (chunk & 0x4000) == 0 ? (chunk >> (13 - index)) & 0x1 : (chunk >> (12 - (2 * index))) & 0x3;

    /// <summary>Enumerator over the packet statuses of a validated feedback packet.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _chunks;
        private readonly ReadOnlySpan<byte> _deltas;
        private int _chunkOffset;
        private ushort _chunk;
        private int _chunkLeft;
        private int _chunkIndex;
        private int _remaining;
        private int _deltaOffset;
        private ushort _sequence;
        private long _arrivalTicks;
        private TransportWideCcPacketStatus _current;

        internal Enumerator(ReadOnlySpan<byte> chunks, ReadOnlySpan<byte> deltas, ushort baseSequence, int count, long referenceTicks)
        {
            _chunks = chunks;
            _deltas = deltas;
            _chunkOffset = 0;
            _chunk = 0;
            _chunkLeft = 0;
            _chunkIndex = 0;
            _remaining = count;
            _deltaOffset = 0;
            _sequence = baseSequence;
            _arrivalTicks = referenceTicks;
            _current = default;
        }

        /// <summary>The current packet status.</summary>
        public readonly TransportWideCcPacketStatus Current => _current;

        /// <summary>Advances to the next reported packet.</summary>
        public bool MoveNext()
        {
            if (_remaining == 0)
            {
                return false;
            }

            while (_chunkLeft == 0)
            {
                _chunk = BinaryPrimitives.ReadUInt16BigEndian(_chunks.Slice(_chunkOffset, 2));
                _chunkOffset += 2;
                _chunkIndex = 0;
                _chunkLeft = (_chunk & 0x8000) == 0 ? _chunk & 0x1FFF : (_chunk & 0x4000) == 0 ? 14 : 7;
            }

            int symbol = (_chunk & 0x8000) == 0 ? (_chunk >> 13) & 0x3 : VectorSymbol(_chunk, _chunkIndex);
            _chunkIndex++;
            _chunkLeft--;
            _remaining--;

            int delta = 0;
            if (symbol == 1)
            {
                delta = _deltas[_deltaOffset];
                _deltaOffset++;
            }
            else if (symbol == 2)
            {
                delta = BinaryPrimitives.ReadInt16BigEndian(_deltas.Slice(_deltaOffset, 2));
                _deltaOffset += 2;
            }

            _arrivalTicks += delta;
            _current = new TransportWideCcPacketStatus(_sequence, (TransportWideCcStatus)symbol, delta, _arrivalTicks);
            _sequence++;
            return true;
        }
    }
}
