using Sfu.Core.Rtp.Codecs;

namespace Sfu.Core.Tests.Rtp.Codecs;

public class H264PacketizationTests
{
    [Theory]
    [InlineData("65 88 84 00 33", true)] // single NAL unit: IDR slice (NRI 3, type 5)
    [InlineData("67 42 c0 1f da", true)] // SPS
    [InlineData("68 ce 3c 80", false)] // PPS
    [InlineData("41 9a 02 03", false)] // non-IDR slice
    [InlineData("06 05 10", false)] // SEI
    [InlineData("78  00 05 67 42 c0 1f da  00 04 68 ce 3c 80  00 03 65 88 84", true)] // STAP-A: SPS, PPS, IDR
    [InlineData("78  00 04 68 ce 3c 80  00 03 65 88 84", true)] // STAP-A: IDR second
    [InlineData("78  00 02 41 9a  00 02 41 9b", false)] // STAP-A of non-IDR slices
    [InlineData("78  00 09 67 42", false)] // STAP-A unit size past the end
    [InlineData("78  00 00 67 42", false)] // STAP-A empty unit
    [InlineData("79  00 01  00 03 65 88 84", true)] // STAP-B: DON then units
    [InlineData("7a  00 01  00 03 00 00 10 65 88 84", true)] // MTAP16: DONB, size, DOND, TS offset(16), IDR
    [InlineData("7b  00 01  00 03 00 00 00 10 65 88 84", true)] // MTAP24: TS offset(24)
    [InlineData("7a  00 01  00 02 00 00 10 41 9a", false)] // MTAP16 of a non-IDR slice
    [InlineData("7c 85 88 84", true)] // FU-A start of IDR
    [InlineData("7c 87 42", true)] // FU-A start of SPS
    [InlineData("7c 05 88 84", false)] // FU-A middle fragment of IDR
    [InlineData("7c 45 88 84", false)] // FU-A end fragment of IDR
    [InlineData("7c 81 9a", false)] // FU-A start of a non-IDR slice
    [InlineData("7d 85 00 01 88", true)] // FU-B start of IDR
    [InlineData("7c", false)] // FU-A without its header
    [InlineData("00", false)] // type 0 is unspecified
    [InlineData("7e 00", false)] // type 30, reserved
    [InlineData("", false)]
    public void DetectsKeyframes(string hex, bool expected)
    {
        Assert.Equal(expected, H264Packetization.IsKeyframe(Hex.Parse(hex)));
    }

    [Fact]
    public void ReportsThePacketType()
    {
        Assert.Equal(28, H264Packetization.GetPacketType(Hex.Parse("7c 85")));
        Assert.Equal(-1, H264Packetization.GetPacketType([]));
    }
}
