using Sfu.Core.Rtcp;
using Sfu.Core.Tests.Rtp;

namespace Sfu.Core.Tests.Rtcp;

public class GenericNackTests
{
    [Fact]
    public void ParsesPidAndBlp()
    {
        byte[] packet = Hex.Parse(RtcpTestPackets.GenericNack);
        Assert.Equal(RtcpParseError.None, GenericNack.TryParse(packet, out GenericNack nack));
        Assert.Equal(1u, nack.SenderSsrc);
        Assert.Equal(2u, nack.MediaSsrc);
        Assert.Equal(2, nack.ItemCount);
        Assert.Equal(5, nack.LostPacketCount);
        Assert.Equal([100, 101, 103, 200, 216], Collect(nack));
    }

    [Fact]
    public void WritesTheSameBytes()
    {
        byte[] expected = Hex.Parse(RtcpTestPackets.GenericNack);
        ushort[] lost = [100, 101, 103, 200, 216];
        var buffer = new byte[GenericNack.GetLength(lost)];
        Assert.Equal(20, GenericNack.Write(buffer, 1, 2, lost));
        Assert.Equal(Hex.Format(expected), Hex.Format(buffer));
    }

    [Fact]
    public void RoundTripsAcrossTheSequenceWrap()
    {
        ushort[] lost = [65520, 65533, 65535, 0, 2, 4, 20, 40, 41, 56, 57];
        var buffer = new byte[GenericNack.GetLength(lost)];
        int length = GenericNack.Write(buffer, 7, 8, lost);

        // Items: PID 65520 with 65533 (d=13), 65535 (d=15) and 0 (d=16, across the wrap) in its BLP;
        // PID 2 with 4; PID 20; PID 40 with 41 and 56 (d=16); PID 57.
        Assert.Equal(5, GenericNack.CountItems(lost));
        Assert.Equal(12 + (5 * 4), length);
        Assert.Equal(RtcpParseError.None, GenericNack.TryParse(buffer, out GenericNack nack));
        Assert.Equal(lost, Collect(nack));
        Assert.Equal("fff0d000", Hex.Format(buffer.AsSpan(12, 4))); // PID 65520, bits 12 (65533), 14 (65535), 15 (0)
    }

    [Fact]
    public void RoundTripsRandomLossPatterns()
    {
        var random = new Random(42);
        for (int iteration = 0; iteration < 200; iteration++)
        {
            var lost = new List<ushort>();
            ushort sequence = (ushort)random.Next(65536);
            int count = random.Next(1, 120);
            for (int i = 0; i < count; i++)
            {
                sequence += (ushort)random.Next(1, 30);
                lost.Add(sequence);
            }

            ushort[] expected = lost.ToArray();
            var buffer = new byte[GenericNack.GetLength(expected)];
            GenericNack.Write(buffer, 1, 2, expected);
            Assert.Equal(RtcpParseError.None, GenericNack.TryParse(buffer, out GenericNack nack));
            Assert.Equal(expected, Collect(nack));
            Assert.Equal(expected.Length, nack.LostPacketCount);
        }
    }

    [Fact]
    public void UnsortedAndRepeatedInputIsStillCorrect()
    {
        ushort[] lost = [10, 10, 12, 5, 11];
        var buffer = new byte[GenericNack.GetLength(lost)];
        GenericNack.Write(buffer, 1, 2, lost);
        GenericNack.TryParse(buffer, out GenericNack nack);
        Assert.Equal([10, 12, 5, 11], Collect(nack)); // 10 repeated is dropped; 5 starts a new item
    }

    [Theory]
    [InlineData("81 cd 00 02  00 00 00 01  00 00 00 02", RtcpParseError.BadLength)] // no items
    [InlineData("81 cd 00 03  00 00 00 01  00 00 00 02  00 64 00 00", RtcpParseError.None)]
    [InlineData("a1 cd 00 04  00 00 00 01  00 00 00 02  00 64 00 00  00 00 00 02", RtcpParseError.BadLength)] // padding leaves 2 bytes
    [InlineData("82 cd 00 03  00 00 00 01  00 00 00 02  00 64 00 00", RtcpParseError.WrongFormat)]
    [InlineData("81 ce 00 03  00 00 00 01  00 00 00 02  00 64 00 00", RtcpParseError.WrongPacketType)]
    [InlineData("81 cd 00 01  00 00 00 01", RtcpParseError.TooShort)]
    public void MalformedNackIsRejected(string hex, RtcpParseError expected)
    {
        Assert.Equal(expected, GenericNack.TryParse(Hex.Parse(hex), out _));
    }

    [Fact]
    public void FeedbackSsrcsCanBeRewrittenInPlace()
    {
        byte[] packet = Hex.Parse(RtcpTestPackets.GenericNack);
        RtcpFeedbackHeader.SetSenderSsrc(packet, 0xaaaaaaaa);
        RtcpFeedbackHeader.SetMediaSsrc(packet, 0xbbbbbbbb);
        Assert.Equal(RtcpParseError.None, RtcpFeedbackHeader.TryParse(packet, out RtcpFeedbackHeader feedback));
        Assert.Equal(0xaaaaaaaau, feedback.SenderSsrc);
        Assert.Equal(0xbbbbbbbbu, feedback.MediaSsrc);
        Assert.Equal(RtcpPacketType.TransportFeedback, feedback.PacketType);
        Assert.Equal(1, feedback.Format);
        Assert.Equal(8, feedback.FciLength);
        GenericNack.TryParse(packet, out GenericNack nack);
        Assert.Equal([100, 101, 103, 200, 216], Collect(nack));
    }

    private static ushort[] Collect(GenericNack nack)
    {
        var result = new List<ushort>();
        foreach (ushort sequence in nack)
        {
            result.Add(sequence);
        }

        return result.ToArray();
    }
}
