using Sfu.Core.Rtcp;
using Sfu.Core.Tests.Rtp;

namespace Sfu.Core.Tests.Rtcp;

public class ReportTests
{
    [Fact]
    public void ParsesEveryFieldOfASenderReport()
    {
        byte[] packet = Hex.Parse(RtcpTestPackets.SenderReport);
        Assert.Equal(RtcpParseError.None, SenderReport.TryParse(packet, out SenderReport sr));

        Assert.Equal(0x12345678u, sr.Ssrc);
        Assert.Equal(0xe98b4a8c5f5c28f6UL, sr.NtpTimestamp);
        Assert.Equal(123456u, sr.RtpTimestamp);
        Assert.Equal(100u, sr.PacketCount);
        Assert.Equal(15000u, sr.OctetCount);
        Assert.Equal(1, sr.ReportBlocks.Count);
        ReportBlock block = sr.ReportBlocks[0];
        Assert.Equal(0x9abcdef0u, block.Ssrc);
        Assert.Equal(0x19, block.FractionLost);
        Assert.Equal(42, block.CumulativeLost);
        Assert.Equal(0x00010005u, block.ExtendedHighestSequenceNumber);
        Assert.Equal(30u, block.Jitter);
        Assert.Equal(0x4a8c5f5cu, block.LastSenderReport);
        Assert.Equal(0x00018000u, block.DelaySinceLastSenderReport);
        Assert.Equal(NtpTime.ToCompact(sr.NtpTimestamp), block.LastSenderReport);
        Assert.True(sr.ProfileExtension.IsEmpty);
    }

    [Fact]
    public void WritesTheSameSenderReport()
    {
        byte[] expected = Hex.Parse(RtcpTestPackets.SenderReport);
        var block = new ReportBlock(0x9abcdef0, 0x19, 42, 0x00010005, 30, 0x4a8c5f5c, 0x00018000);
        var buffer = new byte[SenderReport.GetLength(1)];

        int length = SenderReport.Write(buffer, 0x12345678, 0xe98b4a8c5f5c28f6, 123456, 100, 15000, [block]);

        Assert.Equal(52, length);
        Assert.Equal(Hex.Format(expected), Hex.Format(buffer));
    }

    [Fact]
    public void ReceiverReportRoundTripsWithNegativeLoss()
    {
        byte[] packet = Hex.Parse(RtcpTestPackets.ReceiverReport);
        Assert.Equal(RtcpParseError.None, ReceiverReport.TryParse(packet, out ReceiverReport rr));
        Assert.Equal(1u, rr.Ssrc);
        Assert.Equal(2, rr.ReportBlocks.Count);

        var blocks = new List<ReportBlock>();
        foreach (ReportBlock block in rr.ReportBlocks)
        {
            blocks.Add(block);
        }

        Assert.Equal(new ReportBlock(2, 0, 0, 0xffff, 0, 0, 0), blocks[0]);
        Assert.Equal(3u, blocks[1].Ssrc);
        Assert.Equal(0x80, blocks[1].FractionLost);
        Assert.Equal(-1, blocks[1].CumulativeLost);
        Assert.Equal(0x00020010u, blocks[1].ExtendedHighestSequenceNumber);
        Assert.Equal(256u, blocks[1].Jitter);
        Assert.Equal(0x11223344u, blocks[1].LastSenderReport);
        Assert.Equal(1u, blocks[1].DelaySinceLastSenderReport);

        var buffer = new byte[ReceiverReport.GetLength(2)];
        Assert.Equal(56, ReceiverReport.Write(buffer, 1, blocks.ToArray()));
        Assert.Equal(Hex.Format(packet), Hex.Format(buffer));
    }

    [Theory]
    [InlineData(0, "000000")]
    [InlineData(1, "000001")]
    [InlineData(-1, "ffffff")]
    [InlineData(8_388_607, "7fffff")]
    [InlineData(-8_388_608, "800000")]
    [InlineData(10_000_000, "7fffff")] // clamped
    [InlineData(-10_000_000, "800000")] // clamped
    public void CumulativeLossIsSigned24Bit(int lost, string wire)
    {
        var buffer = new byte[ReportBlock.Length];
        new ReportBlock(1, 0, lost, 0, 0, 0, 0).WriteTo(buffer);
        Assert.Equal(wire, Hex.Format(buffer.AsSpan(5, 3)));
        Assert.Equal(RtcpParseError.None, ReportBlock.TryParse(buffer, out ReportBlock parsed));
        Assert.Equal(Math.Clamp(lost, -8_388_608, 8_388_607), parsed.CumulativeLost);
        Assert.Equal(RtcpParseError.TooShort, ReportBlock.TryParse(buffer.AsSpan(0, 23), out _));
    }

    [Fact]
    public void ReportCountOverrunIsRejected()
    {
        byte[] packet = Hex.Parse(RtcpTestPackets.SenderReport);
        packet[0] = 0x82; // RC=2 but only one block fits
        Assert.Equal(RtcpParseError.CountOverrun, SenderReport.TryParse(packet, out _));

        byte[] rr = Hex.Parse(RtcpTestPackets.ReceiverReport);
        rr[0] = 0x83;
        Assert.Equal(RtcpParseError.CountOverrun, ReceiverReport.TryParse(rr, out _));

        Assert.Equal(RtcpParseError.TooShort, SenderReport.TryParse(Hex.Parse("80 c8 00 01  00 00 00 01"), out _));
        Assert.Equal(RtcpParseError.TooShort, ReceiverReport.TryParse(Hex.Parse("80 c9 00 00"), out _));
        Assert.Equal(RtcpParseError.WrongPacketType, SenderReport.TryParse(rr, out _));
        Assert.Equal(RtcpParseError.WrongPacketType, ReceiverReport.TryParse(packet, out _));
    }

    [Fact]
    public void ProfileExtensionIsExposed()
    {
        // RR without blocks followed by one word of profile-specific extension.
        byte[] packet = Hex.Parse("80 c9 00 02  00 00 00 01  ca fe ba be");
        Assert.Equal(RtcpParseError.None, ReceiverReport.TryParse(packet, out ReceiverReport rr));
        Assert.Equal("cafebabe", Hex.Format(rr.ProfileExtension));
    }

    [Fact]
    public void NtpTimeConversions()
    {
        // 2024-01-01T00:00:00.5Z
        long unixMicros = (new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1000) + 500_000;
        ulong ntp = NtpTime.FromUnixMicroseconds(unixMicros);
        Assert.Equal(3_913_056_000UL, ntp >> 32);
        Assert.Equal(0x8000_0000UL, ntp & 0xFFFF_FFFF);
        Assert.Equal(unixMicros, NtpTime.ToUnixMicroseconds(ntp));
        Assert.Equal(0x0000_8000u, NtpTime.ToCompact(0x0000_0000_8000_0000UL));
        Assert.Equal(1_500_000L, NtpTime.CompactToMicroseconds(0x0001_8000));
        Assert.Equal(0x0001_8000u, NtpTime.MicrosecondsToCompact(1_500_000));
        Assert.Equal(0u, NtpTime.MicrosecondsToCompact(-5));

        // RFC 3550 6.4.1 example: A = 0xb710:8000, LSR = 0xb705:2000, DLSR = 0x0005:4000 -> RTT 0x0006:2000 (6.125 s).
        Assert.Equal(0x0006_2000u, NtpTime.RoundTripCompact(0xb710_8000, 0xb705_2000, 0x0005_4000));
        Assert.Equal(6_125_000L, NtpTime.CompactToMicroseconds(0x0006_2000));
        Assert.Equal(0u, NtpTime.RoundTripCompact(0xb710_8000, 0, 0x0005_4000));
        Assert.Equal(0u, NtpTime.RoundTripCompact(0xb705_0000, 0xb705_2000, 0x0005_4000));
    }
}
