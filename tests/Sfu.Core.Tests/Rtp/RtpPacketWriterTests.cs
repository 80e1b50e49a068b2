using Sfu.Core.Rtp;

namespace Sfu.Core.Tests.Rtp;

public class RtpPacketWriterTests
{
    private const string Packet = "82 e0 12 34  00 00 00 64  de ad be ef  11 11 11 11  22 22 22 22  aa bb";

    [Fact]
    public void SettersRewriteOnlyTheirField()
    {
        byte[] packet = Hex.Parse(Packet);

        RtpPacketWriter.SetSequenceNumber(packet, 0xfffe);
        RtpPacketWriter.SetTimestamp(packet, 0x89abcdef);
        RtpPacketWriter.SetSsrc(packet, 0x01020304);
        RtpPacketWriter.SetPayloadType(packet, 100);

        Assert.Equal(RtpParseError.None, RtpHeader.TryParse(packet, out RtpHeader header));
        Assert.Equal(0xfffe, header.SequenceNumber);
        Assert.Equal(0x89abcdefu, header.Timestamp);
        Assert.Equal(0x01020304u, header.Ssrc);
        Assert.Equal(100, header.PayloadType);
        Assert.True(header.Marker); // payload type rewrite keeps the marker
        Assert.Equal(2, header.CsrcCount);
        Assert.False(header.HasExtension);
        Assert.Equal(0x22222222u, header.GetCsrc(packet, 1));
        Assert.Equal("82e4fffe89abcdef01020304111111112222222" + "2aabb", Hex.Format(packet));

        RtpPacketWriter.SetMarker(packet, false);
        RtpHeader.TryParse(packet, out header);
        Assert.False(header.Marker);
        Assert.Equal(100, header.PayloadType); // marker rewrite keeps the payload type
        RtpPacketWriter.SetMarker(packet, true);
        Assert.Equal(0xe4, packet[1]);
    }

    [Fact]
    public void ExtensionFlagCanBeSetAndCleared()
    {
        byte[] packet = Hex.Parse(Packet);
        RtpPacketWriter.SetExtension(packet, true);
        Assert.Equal(0x92, packet[0]);
        RtpPacketWriter.SetExtension(packet, false);
        Assert.Equal(0x82, packet[0]);
    }

    [Fact]
    public void ProgrammingErrorsThrow()
    {
        Assert.Throws<ArgumentException>(() => RtpPacketWriter.SetSsrc(new byte[11], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => RtpPacketWriter.SetPayloadType(new byte[12], 128));
        Assert.Throws<ArgumentOutOfRangeException>(() => RtpPacketWriter.WriteHeader(new byte[12], 128, 0, 0, 0));
        Assert.Throws<ArgumentException>(() => RtpPacketWriter.WriteHeader(new byte[15], 96, 0, 0, 0, csrcs: [1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => RtpPacketWriter.AppendPadding(new byte[20], 12, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RtpPacketWriter.AppendPadding(new byte[20], 12, 9));
    }
}
