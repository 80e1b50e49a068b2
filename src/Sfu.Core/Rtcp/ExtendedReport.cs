using System.Buffers.Binary;

namespace Sfu.Core.Rtcp;

/// <summary>
/// An extended report (XR, RFC 3611): a view over the packet whose report blocks are enumerated without allocating,
/// with helpers and writers for the RRTR and DLRR blocks used to measure round-trip time from the receiver side
/// (SDP <c>a=rtcp-fb:* rtcp-xr</c> / <c>rcvr-rtt</c>).
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|reserved |   PT=XR=207   |             length            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                              SSRC                             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// :                         report blocks                         :
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///
/// RRTR block (RFC 3611 section 4.4):
/// |     BT=4      |   reserved    |       block length = 2        |
/// |              NTP timestamp, most significant word             |
/// |             NTP timestamp, least significant word             |
///
/// DLRR block (RFC 3611 section 4.5):
/// |     BT=5      |   reserved    |         block length          |
/// |                 SSRC_1 (SSRC of first receiver)               |  sub-
/// |                         last RR (LRR)                         |  block,
/// |                   delay since last RR (DLRR)                  |  repeated
/// </code>
/// </remarks>
public readonly ref struct ExtendedReport
{
    /// <summary>Length of an XR packet holding one RRTR block.</summary>
    public const int ReceiverReferenceTimeLength = 20;

    private readonly ReadOnlySpan<byte> _blocks;

    private ExtendedReport(uint ssrc, ReadOnlySpan<byte> blocks)
    {
        Ssrc = ssrc;
        _blocks = blocks;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint Ssrc { get; }

    /// <summary>
    /// Parses and validates the XR at the start of <paramref name="packet"/>: every block must fit, an RRTR block
    /// must hold exactly 8 bytes, a DLRR block a whole number of sub-blocks. Never throws.
    /// </summary>
    public static RtcpParseError TryParse(ReadOnlySpan<byte> packet, out ExtendedReport report)
    {
        report = default;
        RtcpParseError error = RtcpHeader.TryGetBody(packet, RtcpPacketType.ExtendedReport, out _, out ReadOnlySpan<byte> body);
        if (error != RtcpParseError.None)
        {
            return error;
        }

        if (body.Length < 4)
        {
            return RtcpParseError.TooShort;
        }

        ReadOnlySpan<byte> blocks = body.Slice(4);
        int position = 0;
        while (position < blocks.Length)
        {
            if (position + 4 > blocks.Length)
            {
                return RtcpParseError.ItemOverrun;
            }

            var type = (ExtendedReportBlockType)blocks[position];
            int contentLength = BinaryPrimitives.ReadUInt16BigEndian(blocks.Slice(position + 2)) * 4;
            if (position + 4 + contentLength > blocks.Length)
            {
                return RtcpParseError.ItemOverrun;
            }

            if ((type == ExtendedReportBlockType.ReceiverReferenceTime && contentLength != 8)
                || (type == ExtendedReportBlockType.Dlrr && contentLength % ExtendedReportBlock.DlrrSubBlockLength != 0))
            {
                return RtcpParseError.BadLength;
            }

            position += 4 + contentLength;
        }

        report = new ExtendedReport(BinaryPrimitives.ReadUInt32BigEndian(body), blocks);
        return RtcpParseError.None;
    }

    /// <summary>Enumerates the report blocks.</summary>
    public Enumerator GetEnumerator() => new(_blocks);

    /// <summary>Finds the first RRTR block and returns its NTP timestamp.</summary>
    public bool TryFindReceiverReferenceTime(out ulong ntpTimestamp)
    {
        foreach (ExtendedReportBlock block in this)
        {
            if (block.TryGetReceiverReferenceTime(out ntpTimestamp))
            {
                return true;
            }
        }

        ntpTimestamp = 0;
        return false;
    }

    /// <summary>Finds the DLRR sub-block addressed to <paramref name="receiverSsrc"/> in any DLRR block.</summary>
    public bool TryFindDlrr(uint receiverSsrc, out DlrrSubBlock subBlock)
    {
        foreach (ExtendedReportBlock block in this)
        {
            for (int i = 0; i < block.DlrrSubBlockCount; i++)
            {
                DlrrSubBlock candidate = block.GetDlrrSubBlock(i);
                if (candidate.Ssrc == receiverSsrc)
                {
                    subBlock = candidate;
                    return true;
                }
            }
        }

        subBlock = default;
        return false;
    }

    /// <summary>Writes an XR packet with one RRTR block and returns its length (20).</summary>
    public static int WriteReceiverReferenceTime(Span<byte> destination, uint ssrc, ulong ntpTimestamp)
    {
        RtcpHeader.CheckDestination(destination, ReceiverReferenceTimeLength);
        RtcpHeader.Write(destination, 0, RtcpPacketType.ExtendedReport, ReceiverReferenceTimeLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), ((uint)ExtendedReportBlockType.ReceiverReferenceTime << 24) | 2);
        BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(12), ntpTimestamp);
        return ReceiverReferenceTimeLength;
    }

    /// <summary>Length of an XR packet with one DLRR block of <paramref name="subBlockCount"/> sub-blocks.</summary>
    public static int GetDlrrLength(int subBlockCount) => 12 + (subBlockCount * ExtendedReportBlock.DlrrSubBlockLength);

    /// <summary>Writes an XR packet with one DLRR block and returns its length.</summary>
    public static int WriteDlrr(Span<byte> destination, uint ssrc, ReadOnlySpan<DlrrSubBlock> subBlocks)
    {
        if (subBlocks.IsEmpty)
        {
            throw new ArgumentException("A DLRR block has at least one sub-block.", nameof(subBlocks));
        }

        int length = GetDlrrLength(subBlocks.Length);
        RtcpHeader.CheckDestination(destination, length);
        RtcpHeader.Write(destination, 0, RtcpPacketType.ExtendedReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), ssrc);
        uint blockWords = (uint)(subBlocks.Length * 3);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), ((uint)ExtendedReportBlockType.Dlrr << 24) | blockWords);
        for (int i = 0; i < subBlocks.Length; i++)
        {
            Span<byte> sub = destination.Slice(12 + (i * ExtendedReportBlock.DlrrSubBlockLength));
            BinaryPrimitives.WriteUInt32BigEndian(sub, subBlocks[i].Ssrc);
            BinaryPrimitives.WriteUInt32BigEndian(sub.Slice(4), subBlocks[i].LastReceiverReport);
            BinaryPrimitives.WriteUInt32BigEndian(sub.Slice(8), subBlocks[i].DelaySinceLastReceiverReport);
        }

        return length;
    }

    /// <summary>Enumerator over the report blocks of a validated XR packet.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _blocks;
        private int _position;
        private ExtendedReportBlock _current;

        internal Enumerator(ReadOnlySpan<byte> blocks)
        {
            _blocks = blocks;
            _position = 0;
            _current = default;
        }

        /// <summary>The current block.</summary>
        public readonly ExtendedReportBlock Current => _current;

        /// <summary>Advances to the next block.</summary>
        public bool MoveNext()
        {
            if (_position + 4 > _blocks.Length)
            {
                return false;
            }

            int contentLength = BinaryPrimitives.ReadUInt16BigEndian(_blocks.Slice(_position + 2)) * 4;
            _current = new ExtendedReportBlock(
                (ExtendedReportBlockType)_blocks[_position],
                _blocks[_position + 1],
                _blocks.Slice(_position + 4, contentLength));
            _position += 4 + contentLength;
            return true;
        }
    }
}
