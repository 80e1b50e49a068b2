using Sfu.Core.Rtcp;
using Sfu.Core.Tests.Rtp;

namespace Sfu.Core.Tests.Rtcp;

public class ExtendedReportTests
{
    [Fact]
    public void ParsesRrtrAndDlrrBlocks()
    {
        byte[] packet = Hex.Parse(RtcpTestPackets.ExtendedReport);
        Assert.Equal(RtcpParseError.None, ExtendedReport.TryParse(packet, out ExtendedReport xr));
        Assert.Equal(1u, xr.Ssrc);

        var types = new List<ExtendedReportBlockType>();
        foreach (ExtendedReportBlock block in xr)
        {
            types.Add(block.BlockType);
        }

        Assert.Equal([ExtendedReportBlockType.ReceiverReferenceTime, ExtendedReportBlockType.Dlrr], types);
        Assert.True(xr.TryFindReceiverReferenceTime(out ulong ntp));
        Assert.Equal(0xe98b4a8c5f5c28f6UL, ntp);
        Assert.True(xr.TryFindDlrr(2, out DlrrSubBlock first));
        Assert.Equal(new DlrrSubBlock(2, 0x4a8c5f5c, 0x8000), first);
        Assert.True(xr.TryFindDlrr(3, out DlrrSubBlock second));
        Assert.Equal(new DlrrSubBlock(3, 0, 0), second);
        Assert.False(xr.TryFindDlrr(4, out _));
    }

    [Fact]
    public void WritesRrtrAndDlrr()
    {
        byte[] expected = Hex.Parse(RtcpTestPackets.ExtendedReport);

        var rrtr = new byte[ExtendedReport.ReceiverReferenceTimeLength];
        Assert.Equal(20, ExtendedReport.WriteReceiverReferenceTime(rrtr, 1, 0xe98b4a8c5f5c28f6));
        Assert.Equal("80cf000400000001" + Hex.Format(expected.AsSpan(8, 12)), Hex.Format(rrtr));

        var dlrr = new byte[ExtendedReport.GetDlrrLength(2)];
        Assert.Equal(36, ExtendedReport.WriteDlrr(dlrr, 1, [new DlrrSubBlock(2, 0x4a8c5f5c, 0x8000), new DlrrSubBlock(3, 0, 0)]));
        Assert.Equal("80cf000800000001" + Hex.Format(expected.AsSpan(20)), Hex.Format(dlrr));

        Assert.Equal(RtcpParseError.None, ExtendedReport.TryParse(rrtr, out ExtendedReport parsedRrtr));
        Assert.True(parsedRrtr.TryFindReceiverReferenceTime(out ulong ntp));
        Assert.Equal(0xe98b4a8c5f5c28f6UL, ntp);
        Assert.False(parsedRrtr.TryFindDlrr(2, out _));

        Assert.Equal(RtcpParseError.None, ExtendedReport.TryParse(dlrr, out ExtendedReport parsedDlrr));
        Assert.False(parsedDlrr.TryFindReceiverReferenceTime(out _));
        Assert.True(parsedDlrr.TryFindDlrr(3, out _));
    }

    [Fact]
    public void UnknownBlocksAreEnumeratedRaw()
    {
        byte[] packet = Hex.Parse("80 cf 00 03  00 00 00 09  07 aa 00 01  01 02 03 04");
        Assert.Equal(RtcpParseError.None, ExtendedReport.TryParse(packet, out ExtendedReport xr));
        ExtendedReport.Enumerator enumerator = xr.GetEnumerator();
        Assert.True(enumerator.MoveNext());
        Assert.Equal(ExtendedReportBlockType.VoipMetrics, enumerator.Current.BlockType);
        Assert.Equal(0xaa, enumerator.Current.TypeSpecific);
        Assert.Equal("01020304", Hex.Format(enumerator.Current.Content));
        Assert.Equal(0, enumerator.Current.DlrrSubBlockCount);
        Assert.False(enumerator.Current.TryGetReceiverReferenceTime(out _));
        Assert.False(enumerator.MoveNext());
    }

    [Theory]
    [InlineData("80 cf 00 00", RtcpParseError.TooShort)]
    [InlineData("80 cf 00 02  00 00 00 01  04 00 00 02", RtcpParseError.ItemOverrun)] // RRTR content missing
    [InlineData("80 cf 00 02  00 00 00 01  04 00", RtcpParseError.LengthOverrun)]
    [InlineData("80 cf 00 03  00 00 00 01  04 00 00 01  00 00 00 01", RtcpParseError.BadLength)] // RRTR of 4 bytes
    [InlineData("80 cf 00 03  00 00 00 01  05 00 00 01  00 00 00 01", RtcpParseError.BadLength)] // DLRR of 4 bytes
    [InlineData("a0 cf 00 03  00 00 00 01  05 00 00 00  00 00 00 04", RtcpParseError.None)] // empty DLRR + padding
    [InlineData("a0 cf 00 02  00 00 00 01  05 00 00 02", RtcpParseError.ItemOverrun)] // block header inside the padding
    public void MalformedExtendedReportIsRejected(string hex, RtcpParseError expected)
    {
        Assert.Equal(expected, ExtendedReport.TryParse(Hex.Parse(hex), out _));
    }
}
