using Sfu.Core.Rtp;

namespace Sfu.Core.Tests.Rtp;

public class RtpHeaderTests
{
    // V=2 P=0 X=0 CC=0 | M=1 PT=96 | seq 0x1234 | ts 0x00000064 | SSRC 0xdeadbeef | payload aa bb cc
    private const string SimplePacket = "80 e0 12 34  00 00 00 64  de ad be ef  aa bb cc";

    // V=2 P=0 X=0 CC=2 | M=0 PT=111 | seq 65535 | ts 0xfffffffe | SSRC 1 | CSRC 0x11111111, 0x22222222 | payload 01
    private const string CsrcPacket = "82 6f ff ff  ff ff ff fe  00 00 00 01  11 11 11 11  22 22 22 22  01";

    // V=2 P=1 X=0 CC=0 | PT=96 | seq 7 | ts 8 | SSRC 9 | payload 01 02 03 | padding 00 00 00 04
    private const string PaddedPacket = "a0 60 00 07  00 00 00 08  00 00 00 09  01 02 03  00 00 00 04";

    [Fact]
    public void ParsesEveryFieldOfASimplePacket()
    {
        byte[] packet = Hex.Parse(SimplePacket);

        Assert.Equal(RtpParseError.None, RtpHeader.TryParse(packet, out RtpHeader header));

        Assert.Equal(2, header.Version);
        Assert.False(header.HasPadding);
        Assert.False(header.HasExtension);
        Assert.Equal(0, header.CsrcCount);
        Assert.True(header.Marker);
        Assert.Equal(96, header.PayloadType);
        Assert.Equal(0x1234, header.SequenceNumber);
        Assert.Equal(100u, header.Timestamp);
        Assert.Equal(0xdeadbeefu, header.Ssrc);
        Assert.Equal(12, header.HeaderLength);
        Assert.Equal(12, header.PayloadOffset);
        Assert.Equal(3, header.PayloadLength);
        Assert.Equal(0, header.PaddingLength);
        Assert.Equal(0, header.ExtensionProfile);
        Assert.Equal(0, header.ExtensionOffset);
        Assert.Equal(0, header.ExtensionLength);
        Assert.Equal(15, header.PacketLength);
        Assert.Equal("aabbcc", Hex.Format(header.GetPayload(packet)));
    }

    [Fact]
    public void WriteHeaderProducesTheSameBytes()
    {
        byte[] expected = Hex.Parse(SimplePacket);
        var buffer = new byte[15];

        int length = RtpPacketWriter.WriteHeader(buffer, 96, 0x1234, 100, 0xdeadbeef, marker: true);
        new byte[] { 0xaa, 0xbb, 0xcc }.CopyTo(buffer, length);

        Assert.Equal(12, length);
        Assert.Equal(Hex.Format(expected), Hex.Format(buffer));
    }

    [Fact]
    public void ParsesAndWritesCsrcs()
    {
        byte[] packet = Hex.Parse(CsrcPacket);

        Assert.Equal(RtpParseError.None, RtpHeader.TryParse(packet, out RtpHeader header));
        Assert.Equal(2, header.CsrcCount);
        Assert.False(header.Marker);
        Assert.Equal(111, header.PayloadType);
        Assert.Equal(65535, header.SequenceNumber);
        Assert.Equal(0xfffffffeu, header.Timestamp);
        Assert.Equal(1u, header.Ssrc);
        Assert.Equal(0x11111111u, header.GetCsrc(packet, 0));
        Assert.Equal(0x22222222u, header.GetCsrc(packet, 1));
        Assert.Equal(20, header.HeaderLength);
        Assert.Equal(1, header.PayloadLength);
        Assert.Throws<ArgumentOutOfRangeException>(() => header.GetCsrc(packet, 2));

        var buffer = new byte[packet.Length];
        int length = RtpPacketWriter.WriteHeader(buffer, 111, 65535, 0xfffffffe, 1, csrcs: [0x11111111, 0x22222222]);
        buffer[length] = 0x01;
        Assert.Equal(CsrcPacket.Replace(" ", string.Empty, StringComparison.Ordinal), Hex.Format(buffer));
    }

    [Fact]
    public void ParsesAndWritesPadding()
    {
        byte[] packet = Hex.Parse(PaddedPacket);

        Assert.Equal(RtpParseError.None, RtpHeader.TryParse(packet, out RtpHeader header));
        Assert.True(header.HasPadding);
        Assert.Equal(4, header.PaddingLength);
        Assert.Equal(3, header.PayloadLength);
        Assert.Equal("010203", Hex.Format(header.GetPayload(packet)));

        var buffer = new byte[19];
        int length = RtpPacketWriter.WriteHeader(buffer, 96, 7, 8, 9);
        new byte[] { 1, 2, 3 }.CopyTo(buffer, length);
        length = RtpPacketWriter.AppendPadding(buffer, length + 3, 4);
        Assert.Equal(19, length);
        Assert.Equal(Hex.Format(packet), Hex.Format(buffer));
    }

    [Fact]
    public void PaddingCanFillTheWholePayload()
    {
        // P=1, no payload, 4 bytes of padding.
        byte[] packet = Hex.Parse("a0 60 00 07  00 00 00 08  00 00 00 09  00 00 00 04");

        Assert.Equal(RtpParseError.None, RtpHeader.TryParse(packet, out RtpHeader header));
        Assert.Equal(0, header.PayloadLength);
        Assert.Equal(4, header.PaddingLength);
    }

    [Theory]
    [InlineData("80 c8 00 06", true)] // SR
    [InlineData("81 c9 00 07", true)] // RR
    [InlineData("80 df 00 00", true)] // 223: upper bound of the RFC 5761 range
    [InlineData("80 c0 00 00", true)] // 192: lower bound
    [InlineData("80 bf 00 00", false)] // M=1 PT=63
    [InlineData("80 e0 00 00", false)] // M=1 PT=96
    [InlineData("80 60 00 00", false)] // PT=96
    [InlineData("80", false)]
    [InlineData("", false)]
    public void IsRtcpUsesTheSecondOctetRange(string hex, bool expected)
    {
        Assert.Equal(expected, RtpHeader.IsRtcp(Hex.Parse(hex)));
    }

    [Fact]
    public void RejectsBadVersion()
    {
        byte[] packet = Hex.Parse(SimplePacket);
        packet[0] = 0x40; // version 1
        Assert.Equal(RtpParseError.BadVersion, RtpHeader.TryParse(packet, out RtpHeader header));
        Assert.Equal(0, header.Version);
        packet[0] = 0xc0; // version 3
        Assert.Equal(RtpParseError.BadVersion, RtpHeader.TryParse(packet, out _));
    }

    [Fact]
    public void RejectsCsrcCountOverrun()
    {
        byte[] packet = Hex.Parse(CsrcPacket);
        packet[0] = 0x85; // CC=5 needs 32 bytes, the packet has 21
        Assert.Equal(RtpParseError.CsrcOverrun, RtpHeader.TryParse(packet, out _));
    }

    [Fact]
    public void RejectsExtensionLengthOverrun()
    {
        // X=1, one-byte profile, length 2 words announced but only 1 word present.
        byte[] packet = Hex.Parse("90 60 00 01  00 00 00 02  00 00 00 03  be de 00 02  10 30 00 00");
        Assert.Equal(RtpParseError.ExtensionOverrun, RtpHeader.TryParse(packet, out _));

        // X=1 but the extension header itself is missing.
        byte[] noHeader = Hex.Parse("90 60 00 01  00 00 00 02  00 00 00 03  be de");
        Assert.Equal(RtpParseError.ExtensionOverrun, RtpHeader.TryParse(noHeader, out _));
    }

    [Fact]
    public void RejectsPaddingLongerThanThePacket()
    {
        byte[] packet = Hex.Parse(PaddedPacket);
        packet[^1] = 8; // only 7 bytes follow the header
        Assert.Equal(RtpParseError.BadPadding, RtpHeader.TryParse(packet, out _));
        packet[^1] = 7;
        Assert.Equal(RtpParseError.None, RtpHeader.TryParse(packet, out RtpHeader header));
        Assert.Equal(0, header.PayloadLength);
        packet[^1] = 0; // a padding count of zero is impossible: it counts itself
        Assert.Equal(RtpParseError.BadPadding, RtpHeader.TryParse(packet, out _));

        byte[] headerOnly = Hex.Parse("a0 60 00 07  00 00 00 08  00 00 00 09");
        Assert.Equal(RtpParseError.BadPadding, RtpHeader.TryParse(headerOnly, out _));
    }

    [Fact]
    public void EveryTruncationReturnsTheErrorForWhatIsMissing()
    {
        // CC=1, X=1 (one-byte, 2 words), P=1; payload bytes 0xee so a cut inside the payload reads a padding count
        // larger than the packet.
        byte[] packet = Hex.Parse(
            "b1 60 00 01  00 00 00 02  00 00 00 03  44 44 44 44  be de 00 02  10 30 32 01  02 03 00 00  ee ee ee ee  00 00 03");
        Assert.Equal(RtpParseError.None, RtpHeader.TryParse(packet, out RtpHeader full));
        Assert.Equal(4, full.PayloadLength);
        Assert.Equal(3, full.PaddingLength);

        for (int length = 0; length < packet.Length; length++)
        {
            RtpParseError error = RtpHeader.TryParse(packet.AsSpan(0, length), out RtpHeader header);
            RtpParseError expected = length switch
            {
                < 12 => RtpParseError.TooShort,
                < 16 => RtpParseError.CsrcOverrun,
                < 28 => RtpParseError.ExtensionOverrun,
                _ => RtpParseError.BadPadding,
            };
            Assert.Equal(expected, error);
            Assert.Equal(default, header);
        }
    }
}
