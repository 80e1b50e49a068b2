using BenchmarkDotNet.Attributes;
using Sfu.Core.Rtcp;
using Sfu.Core.Rtp;

namespace Sfu.Benchmarks;

/// <summary>The per-packet RTP/RTCP work of the forwarding path: parse, find an extension, rewrite, read feedback.</summary>
[MemoryDiagnoser]
public class RtpBenchmarks
{
    private readonly byte[] _rtp = new byte[1200];
    private readonly byte[] _rtcpCompound;
    private readonly TransportWideCcArrival[] _arrivals = new TransportWideCcArrival[100];
    private readonly byte[] _output = new byte[1500];
    private int _rtpLength;
    private ushort _sequence;

    public RtpBenchmarks()
    {
        var compound = new byte[512];
        int length = SenderReport.Write(compound, 0x12345678, 0xe98b4a8c5f5c28f6, 123456, 100, 15000, [new ReportBlock(1, 2, 3, 4, 5, 6, 7)]);
        length += SourceDescription.WriteCname(compound.AsSpan(length), 0x12345678, "AbCdEfGhIjKlMnOp"u8);
        length += GenericNack.Write(compound.AsSpan(length), 1, 2, [100, 101, 103, 120, 200]);
        length += ReceiverEstimatedMaxBitrate.Write(compound.AsSpan(length), 1, 2_500_000, [2, 3]);
        length += PictureLossIndication.Write(compound.AsSpan(length), 1, 2);
        _rtcpCompound = compound.AsSpan(0, length).ToArray();

        for (int i = 0; i < _arrivals.Length; i++)
        {
            _arrivals[i] = new TransportWideCcArrival(1000 + i + (i / 7), 1_000_000 + (i * 900));
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        int length = RtpPacketWriter.WriteHeader(_rtp, 96, 1, 90_000, 0xdeadbeef, marker: true);
        var extensions = new RtpHeaderExtensionWriter(_rtp.AsSpan(length));
        extensions.Add(1, "0"u8); // mid
        extensions.Add(2, "hi"u8); // rid
        extensions.Add(3, [0x01, 0x02, 0x03]); // abs-send-time
        extensions.Add(5, [0x00, 0x07]); // transport-wide sequence number
        length += extensions.Finish();
        RtpPacketWriter.SetExtension(_rtp, true);
        _rtpLength = length + 1000; // 1000 bytes of payload
    }

    [Benchmark]
    public int ParseHeaderAndFindExtension()
    {
        ReadOnlySpan<byte> packet = _rtp.AsSpan(0, _rtpLength);
        if (RtpHeader.TryParse(packet, out RtpHeader header) != RtpParseError.None)
        {
            return -1;
        }

        return RtpHeaderExtensions.TryFind(packet, header, 5, out ReadOnlySpan<byte> value) ? value[1] + header.PayloadLength : 0;
    }

    [Benchmark]
    public int RewriteInPlace()
    {
        Span<byte> packet = _rtp.AsSpan(0, _rtpLength);
        RtpHeader.TryParse(packet, out RtpHeader header);
        _sequence++;
        RtpPacketWriter.SetSequenceNumber(packet, _sequence);
        RtpPacketWriter.SetTimestamp(packet, header.Timestamp + 3000);
        RtpPacketWriter.SetSsrc(packet, 0x01020304);
        RtpPacketWriter.SetPayloadType(packet, 100);
        if (RtpHeaderExtensions.TryFindMutable(packet, header, 5, out Span<byte> transportSequence))
        {
            transportSequence[0] = (byte)(_sequence >> 8);
            transportSequence[1] = (byte)_sequence;
        }

        return header.HeaderLength;
    }

    [Benchmark]
    public long ParseRtcpCompound()
    {
        long checksum = 0;
        var reader = new RtcpCompoundReader(_rtcpCompound);
        while (reader.TryReadNext(out RtcpHeader header, out ReadOnlySpan<byte> packet))
        {
            switch (header.PacketType)
            {
                case RtcpPacketType.SenderReport when SenderReport.TryParse(packet, out SenderReport sr) == RtcpParseError.None:
                    foreach (ReportBlock block in sr.ReportBlocks)
                    {
                        checksum += block.Jitter;
                    }

                    break;
                case RtcpPacketType.SourceDescription when SourceDescription.TryParse(packet, out SourceDescription sdes) == RtcpParseError.None:
                    checksum += sdes.ChunkCount;
                    break;
                case RtcpPacketType.TransportFeedback when GenericNack.TryParse(packet, out GenericNack nack) == RtcpParseError.None:
                    foreach (ushort sequence in nack)
                    {
                        checksum += sequence;
                    }

                    break;
                case RtcpPacketType.PayloadFeedback when header.Format == 15 && ReceiverEstimatedMaxBitrate.TryParse(packet, out ReceiverEstimatedMaxBitrate remb) == RtcpParseError.None:
                    checksum += (long)remb.Bitrate;
                    break;
                case RtcpPacketType.PayloadFeedback when PictureLossIndication.TryParse(packet, out PictureLossIndication pli) == RtcpParseError.None:
                    checksum += pli.MediaSsrc;
                    break;
            }
        }

        return checksum;
    }

    [Benchmark]
    public int BuildTransportWideCcFeedback() =>
        TransportWideCcFeedbackBuilder.Build(_output, 1, 2, 0, _arrivals, 1200, out _, out _);
}
