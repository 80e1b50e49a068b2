using Sfu.Core.Rtcp;
using Sfu.Core.Tests.Rtp;

namespace Sfu.Core.Tests.Rtcp;

public class PayloadFeedbackTests
{
    [Fact]
    public void PictureLossIndicationRoundTrips()
    {
        byte[] packet = Hex.Parse(RtcpTestPackets.PictureLossIndication);
        Assert.Equal(RtcpParseError.None, PictureLossIndication.TryParse(packet, out PictureLossIndication pli));
        Assert.Equal(1u, pli.SenderSsrc);
        Assert.Equal(2u, pli.MediaSsrc);

        var buffer = new byte[PictureLossIndication.Length];
        Assert.Equal(12, PictureLossIndication.Write(buffer, 1, 2));
        Assert.Equal(Hex.Format(packet), Hex.Format(buffer));
    }

    [Theory]
    [InlineData("81 ce 00 01  00 00 00 01", RtcpParseError.TooShort)]
    [InlineData("84 ce 00 02  00 00 00 01  00 00 00 02", RtcpParseError.WrongFormat)]
    [InlineData("81 cd 00 02  00 00 00 01  00 00 00 02", RtcpParseError.WrongPacketType)]
    public void MalformedPictureLossIndicationIsRejected(string hex, RtcpParseError expected)
    {
        Assert.Equal(expected, PictureLossIndication.TryParse(Hex.Parse(hex), out _));
    }

    [Fact]
    public void FullIntraRequestRoundTrips()
    {
        byte[] packet = Hex.Parse(RtcpTestPackets.FullIntraRequest);
        Assert.Equal(RtcpParseError.None, FullIntraRequest.TryParse(packet, out FullIntraRequest fir));
        Assert.Equal(1u, fir.SenderSsrc);
        Assert.Equal(0u, fir.MediaSsrc);
        Assert.Equal(2, fir.EntryCount);
        Assert.Equal(new FirEntry(10, 5), fir.GetEntry(0));
        Assert.Equal(new FirEntry(11, 255), fir.GetEntry(1));

        var buffer = new byte[FullIntraRequest.GetLength(2)];
        Assert.Equal(28, FullIntraRequest.Write(buffer, 1, [new FirEntry(10, 5), new FirEntry(11, 255)]));
        Assert.Equal(Hex.Format(packet), Hex.Format(buffer));

        var single = new byte[20];
        Assert.Equal(20, FullIntraRequest.Write(single, 1, 10, 5));
        Assert.Equal("84ce00040000000100000000" + "0000000a" + "05000000", Hex.Format(single));
    }

    [Theory]
    [InlineData("84 ce 00 02  00 00 00 01  00 00 00 00", RtcpParseError.BadLength)] // no entries
    [InlineData("84 ce 00 03  00 00 00 01  00 00 00 00  00 00 00 0a", RtcpParseError.BadLength)] // half an entry
    public void MalformedFullIntraRequestIsRejected(string hex, RtcpParseError expected)
    {
        Assert.Equal(expected, FullIntraRequest.TryParse(Hex.Parse(hex), out _));
    }

    [Fact]
    public void RembParsesAndWritesTheSameBytes()
    {
        byte[] packet = Hex.Parse(RtcpTestPackets.Remb);
        Assert.Equal(RtcpParseError.None, ReceiverEstimatedMaxBitrate.TryParse(packet, out ReceiverEstimatedMaxBitrate remb));
        Assert.Equal(1u, remb.SenderSsrc);
        Assert.Equal(0u, remb.MediaSsrc);
        Assert.Equal(2, remb.Exponent);
        Assert.Equal(250_000u, remb.Mantissa);
        Assert.Equal(1_000_000UL, remb.Bitrate);
        Assert.Equal(2, remb.SsrcCount);
        Assert.Equal(10u, remb.GetSsrc(0));
        Assert.Equal(11u, remb.GetSsrc(1));

        var buffer = new byte[ReceiverEstimatedMaxBitrate.GetLength(2)];
        Assert.Equal(28, ReceiverEstimatedMaxBitrate.Write(buffer, 1, 1_000_000, [10, 11]));
        Assert.Equal(Hex.Format(packet), Hex.Format(buffer));
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    [InlineData(30_000UL)]
    [InlineData(262_143UL)] // largest with exponent 0
    [InlineData(262_144UL)] // first needing exponent 1
    [InlineData(1_000_001UL)]
    [InlineData(2_500_000UL)]
    [InlineData(123_456_789UL)]
    [InlineData(10_000_000_000UL)]
    [InlineData(1UL << 40)]
    [InlineData(ulong.MaxValue)]
    public void RembBitrateRoundTripsAtEveryMagnitude(ulong bitrate)
    {
        var buffer = new byte[ReceiverEstimatedMaxBitrate.GetLength(1)];
        ReceiverEstimatedMaxBitrate.Write(buffer, 1, bitrate, [5]);
        Assert.Equal(RtcpParseError.None, ReceiverEstimatedMaxBitrate.TryParse(buffer, out ReceiverEstimatedMaxBitrate remb));

        ulong decoded = remb.Bitrate;
        Assert.True(decoded <= bitrate);
        Assert.True(bitrate - decoded < (1UL << remb.Exponent), "the error must stay below one mantissa step");
        if (remb.Exponent > 0)
        {
            Assert.True(remb.Mantissa >= 1u << 17, "the smallest exponent must be chosen");
        }
        else
        {
            Assert.Equal(bitrate, decoded);
        }

        Assert.Equal(5u, remb.GetSsrc(0));
    }

    [Fact]
    public void RembDecodeSaturates()
    {
        Assert.Equal(ulong.MaxValue, ReceiverEstimatedMaxBitrate.DecodeBitrate(63, ReceiverEstimatedMaxBitrate.MaxMantissa));
        Assert.Equal(1UL << 63, ReceiverEstimatedMaxBitrate.DecodeBitrate(63, 1));
        Assert.Equal(0UL, ReceiverEstimatedMaxBitrate.DecodeBitrate(63, 0));

        // Exponent 63 on the wire: the parser must not overflow.
        byte[] packet = Hex.Parse("8f ce 00 04  00 00 00 01  00 00 00 00  52 45 4d 42  00 ff ff ff");
        Assert.Equal(RtcpParseError.None, ReceiverEstimatedMaxBitrate.TryParse(packet, out ReceiverEstimatedMaxBitrate remb));
        Assert.Equal(63, remb.Exponent);
        Assert.Equal(ulong.MaxValue, remb.Bitrate);
        Assert.Equal(0, remb.SsrcCount);
    }

    [Theory]
    [InlineData("8f ce 00 04  00 00 00 01  00 00 00 00  41 42 43 44  01 00 00 00", RtcpParseError.NotRemb)]
    [InlineData("8f ce 00 02  00 00 00 01  00 00 00 00", RtcpParseError.NotRemb)]
    [InlineData("8f ce 00 03  00 00 00 01  00 00 00 00  52 45 4d 42", RtcpParseError.TooShort)]
    [InlineData("8f ce 00 04  00 00 00 01  00 00 00 00  52 45 4d 42  03 00 00 01", RtcpParseError.CountOverrun)]
    [InlineData("8e ce 00 04  00 00 00 01  00 00 00 00  52 45 4d 42  00 00 00 01", RtcpParseError.WrongFormat)]
    public void MalformedRembIsRejected(string hex, RtcpParseError expected)
    {
        Assert.Equal(expected, ReceiverEstimatedMaxBitrate.TryParse(Hex.Parse(hex), out _));
    }
}
