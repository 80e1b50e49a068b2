using Sfu.Core.Rtcp;
using Sfu.Core.Tests.Rtp;

namespace Sfu.Core.Tests.Rtcp;

public class RtcpCompoundReaderTests
{
    [Fact]
    public void ReadsAChromiumStyleCompound()
    {
        // SR + SDES(CNAME) + REMB + an APP packet and a packet of an unknown type (passed through raw).
        const string App = "80 cc 00 02  00 00 00 01  71 77 65 72";
        const string Unknown = "80 d2 00 01  de ad be ef";
        byte[] compound = Hex.Parse(RtcpTestPackets.SenderReport + RtcpTestPackets.SourceDescription + RtcpTestPackets.Remb + App + Unknown);

        var reader = new RtcpCompoundReader(compound);
        var seen = new List<(RtcpPacketType Type, int Count, int Length)>();
        while (reader.TryReadNext(out RtcpHeader header, out ReadOnlySpan<byte> packet))
        {
            Assert.Equal(header.PacketLength, packet.Length);
            seen.Add((header.PacketType, header.Count, packet.Length));
            switch (header.PacketType)
            {
                case RtcpPacketType.SenderReport:
                    Assert.Equal(RtcpParseError.None, SenderReport.TryParse(packet, out SenderReport sr));
                    Assert.Equal(0x12345678u, sr.Ssrc);
                    break;
                case RtcpPacketType.SourceDescription:
                    Assert.Equal(RtcpParseError.None, SourceDescription.TryParse(packet, out SourceDescription sdes));
                    Assert.True(sdes.TryFindItem(SdesItemType.Cname, out uint ssrc, out ReadOnlySpan<byte> cname));
                    Assert.Equal(0x12345678u, ssrc);
                    Assert.Equal("AbCdEfGhIjKlMnOp", System.Text.Encoding.UTF8.GetString(cname));
                    break;
                case RtcpPacketType.PayloadFeedback:
                    Assert.Equal(RtcpParseError.None, ReceiverEstimatedMaxBitrate.TryParse(packet, out ReceiverEstimatedMaxBitrate remb));
                    Assert.Equal(1_000_000UL, remb.Bitrate);
                    break;
                default:
                    Assert.Equal(RtcpParseError.None, RtcpRawPacket.TryParse(packet, out RtcpRawPacket raw));
                    Assert.Equal(packet.Length - 4, raw.Body.Length);
                    break;
            }
        }

        Assert.Equal(RtcpParseError.None, reader.Error);
        Assert.Equal(5, reader.PacketCount);
        Assert.Equal(compound.Length, reader.Offset);
        Assert.Equal(
            [
                (RtcpPacketType.SenderReport, 1, 52),
                (RtcpPacketType.SourceDescription, 1, 28),
                (RtcpPacketType.PayloadFeedback, 15, 28),
                (RtcpPacketType.ApplicationDefined, 0, 12),
                ((RtcpPacketType)210, 0, 8),
            ],
            seen);
    }

    [Fact]
    public void StopsAtAnImpossibleLengthAfterYieldingTheGoodPackets()
    {
        byte[] compound = Hex.Parse(RtcpTestPackets.PictureLossIndication + "81 ce 00 09  00 00 00 01");
        var reader = new RtcpCompoundReader(compound);

        Assert.True(reader.TryReadNext(out RtcpHeader first, out _));
        Assert.Equal(RtcpPacketType.PayloadFeedback, first.PacketType);
        Assert.False(reader.TryReadNext(out _, out ReadOnlySpan<byte> packet));
        Assert.True(packet.IsEmpty);
        Assert.Equal(RtcpParseError.LengthOverrun, reader.Error);
        Assert.False(reader.TryReadNext(out _, out _)); // stays stopped
    }

    [Theory]
    [InlineData("", RtcpParseError.TooShort)]
    [InlineData("81 ce 00", RtcpParseError.TooShort)]
    [InlineData("41 ce 00 00", RtcpParseError.BadVersion)]
    [InlineData("81 ce 00 02  00 00 00 01", RtcpParseError.LengthOverrun)]
    [InlineData("a1 ce 00 01  00 00 00 05", RtcpParseError.BadPadding)] // padding 5 > 4 body bytes
    [InlineData("a1 ce 00 01  00 00 00 00", RtcpParseError.BadPadding)] // padding count 0
    public void ReportsWhyTheFirstPacketIsBad(string hex, RtcpParseError expected)
    {
        var reader = new RtcpCompoundReader(Hex.Parse(hex));
        Assert.False(reader.TryReadNext(out _, out _));
        Assert.Equal(expected, reader.Error);
        Assert.Equal(0, reader.PacketCount);
    }

    [Fact]
    public void TrailingBytesShorterThanAHeaderAreAnError()
    {
        byte[] compound = Hex.Parse(RtcpTestPackets.PictureLossIndication + "80");
        var reader = new RtcpCompoundReader(compound);
        Assert.True(reader.TryReadNext(out _, out _));
        Assert.False(reader.TryReadNext(out _, out _));
        Assert.Equal(RtcpParseError.TooShort, reader.Error);
    }

    [Fact]
    public void HeaderExposesPaddingAndBody()
    {
        // RR with no blocks, P=1 and 4 bytes of padding.
        byte[] packet = Hex.Parse("a0 c9 00 02  00 00 00 07  00 00 00 04");
        Assert.Equal(RtcpParseError.None, RtcpHeader.TryParse(packet, out RtcpHeader header));
        Assert.Equal(2, header.Version);
        Assert.True(header.HasPadding);
        Assert.Equal(4, header.PaddingLength);
        Assert.Equal(2, header.LengthInWords);
        Assert.Equal(12, header.PacketLength);
        Assert.Equal(4, header.BodyLength);
        Assert.Equal(RtcpParseError.None, ReceiverReport.TryParse(packet, out ReceiverReport rr));
        Assert.Equal(7u, rr.Ssrc);
        Assert.Equal(0, rr.ReportBlocks.Count);
        Assert.True(rr.ProfileExtension.IsEmpty);

        var written = new byte[4];
        Assert.Equal(4, RtcpHeader.Write(written, 31, RtcpPacketType.PayloadFeedback, 12));
        Assert.Equal("9fce0002", Hex.Format(written));
    }
}
