using Sfu.Core.Rtp.Codecs;

namespace Sfu.Core.Tests.Rtp.Codecs;

public class Av1PacketizationTests
{
    [Theory]
    [InlineData("08  0a 0b 00 00", true)] // N=1: first packet of a coded video sequence
    [InlineData("18  0a 0b 00 00", true)] // W=1 N=1
    [InlineData("10  08 00 00 00", true)] // W=1, N=0: the single element is a sequence header OBU (no size field)
    [InlineData("00  0c  0a 0b 00 00 00 04 10 00 00 00 00 00", true)] // W=0: LEB128 length 12, sequence header OBU with size field
    [InlineData("20  03 0a 01 00  32 00", true)] // W=2: first element (length 3) is a sequence header
    [InlineData("10  32 10 00", false)] // frame OBU (type 6)
    [InlineData("00  03  32 10 00", false)]
    [InlineData("90  08 00", false)] // Z=1: continuation of a fragment, even if it looks like a sequence header
    [InlineData("00  05  08 00", false)] // LEB128 length past the end
    [InlineData("00  00  08", false)] // zero-length element
    [InlineData("00  80 80 80 80 80 80 80 80 01", false)] // LEB128 longer than 8 bytes
    [InlineData("10  88 00", false)] // forbidden bit set in the OBU header
    [InlineData("10", false)] // aggregation header only
    [InlineData("", false)]
    public void DetectsKeyframes(string hex, bool expected)
    {
        Assert.Equal(expected, Av1Packetization.IsKeyframe(Hex.Parse(hex)));
    }

    [Fact]
    public void ReadsTheNBit()
    {
        Assert.True(Av1Packetization.IsNewCodedVideoSequence(Hex.Parse("08")));
        Assert.False(Av1Packetization.IsNewCodedVideoSequence(Hex.Parse("f7")));
        Assert.False(Av1Packetization.IsNewCodedVideoSequence([]));
    }
}
