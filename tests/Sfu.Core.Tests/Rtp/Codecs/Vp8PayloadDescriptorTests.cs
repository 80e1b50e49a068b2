using Sfu.Core.Rtp.Codecs;

namespace Sfu.Core.Tests.Rtp.Codecs;

public class Vp8PayloadDescriptorTests
{
    // Minimal descriptor S=1 PID=0, then a key frame header: P bit 0, and the 9d 01 2a start code.
    private const string MinimalKeyframe = "10  50 01 00 9d 01 2a 80 02 e0 01";

    // X=1 S=1 PID=0 | I L T | M=1 PictureID 0x0123 | TL0PICIDX 5 | TID 1 Y=1 | VP8 payload header (key frame)
    private const string FullKeyframe = "90  e0  81 23  05  60  50 01 00 9d 01 2a";

    [Fact]
    public void ParsesTheMinimalDescriptor()
    {
        Assert.True(Vp8PayloadDescriptor.TryParse(Hex.Parse(MinimalKeyframe), out Vp8PayloadDescriptor descriptor));
        Assert.False(descriptor.HasExtendedControlBits);
        Assert.True(descriptor.IsStartOfPartition);
        Assert.Equal(0, descriptor.PartitionIndex);
        Assert.True(descriptor.IsStartOfFrame);
        Assert.False(descriptor.HasPictureId);
        Assert.Equal(-1, descriptor.PictureIdOffset);
        Assert.Equal(1, descriptor.Length);
        Assert.True(descriptor.StartsKeyframe);
        Assert.True(Vp8PayloadDescriptor.IsKeyframe(Hex.Parse(MinimalKeyframe)));
    }

    [Fact]
    public void ParsesEveryOptionalField()
    {
        Assert.True(Vp8PayloadDescriptor.TryParse(Hex.Parse(FullKeyframe), out Vp8PayloadDescriptor descriptor));
        Assert.True(descriptor.HasExtendedControlBits);
        Assert.False(descriptor.IsNonReference);
        Assert.True(descriptor.HasPictureId);
        Assert.True(descriptor.HasTwoBytePictureId);
        Assert.Equal(0x0123, descriptor.PictureId);
        Assert.Equal(2, descriptor.PictureIdOffset);
        Assert.True(descriptor.HasTl0PicIdx);
        Assert.Equal(5, descriptor.Tl0PicIdx);
        Assert.Equal(4, descriptor.Tl0PicIdxOffset);
        Assert.True(descriptor.HasTemporalLayerId);
        Assert.Equal(1, descriptor.TemporalLayerId);
        Assert.True(descriptor.IsLayerSync);
        Assert.False(descriptor.HasKeyIndex);
        Assert.Equal(0, descriptor.KeyIndex);
        Assert.Equal(6, descriptor.Length);
        Assert.True(descriptor.StartsKeyframe);
    }

    [Fact]
    public void ParsesSevenBitPictureIdAndKeyIndex()
    {
        // X=1 N=1 S=0 PID=2 | I K | PictureID 0x17 | TID/Y/KEYIDX: K only -> KEYIDX 0x1f
        byte[] payload = Hex.Parse("a2  90  17  1f  aa");
        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor descriptor));
        Assert.True(descriptor.IsNonReference);
        Assert.False(descriptor.IsStartOfPartition);
        Assert.Equal(2, descriptor.PartitionIndex);
        Assert.False(descriptor.HasTwoBytePictureId);
        Assert.Equal(0x17, descriptor.PictureId);
        Assert.False(descriptor.HasTemporalLayerId);
        Assert.Equal(0, descriptor.TemporalLayerId);
        Assert.True(descriptor.HasKeyIndex);
        Assert.Equal(0x1f, descriptor.KeyIndex);
        Assert.Equal(4, descriptor.Length);
        Assert.False(descriptor.StartsKeyframe);
    }

    [Theory]
    [InlineData("10  51 01 00", false)] // inter frame: P bit set
    [InlineData("00  50 01 00", false)] // not the start of a partition
    [InlineData("11  50 01 00", false)] // start of partition 1, not of the frame
    [InlineData("10", false)] // no payload header
    [InlineData("90  80  7f  50", true)] // 7-bit PictureID, key frame
    [InlineData("90  80  7f  51", false)]
    public void DetectsKeyframes(string hex, bool expected)
    {
        Assert.Equal(expected, Vp8PayloadDescriptor.IsKeyframe(Hex.Parse(hex)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("90")] // X without its octet
    [InlineData("90  80")] // I without PictureID
    [InlineData("90  80  81")] // M=1 with one PictureID octet
    [InlineData("90  40")] // L without TL0PICIDX
    [InlineData("90  20")] // T without its octet
    [InlineData("90  10")] // K without its octet
    public void TruncatedDescriptorsAreRejected(string hex)
    {
        Assert.False(Vp8PayloadDescriptor.TryParse(Hex.Parse(hex), out Vp8PayloadDescriptor descriptor));
        Assert.Equal(0, descriptor.Length);
        Assert.False(Vp8PayloadDescriptor.IsKeyframe(Hex.Parse(hex)));
    }

    [Fact]
    public void RewritesPictureIdAndTl0PicIdxInPlace()
    {
        byte[] payload = Hex.Parse(FullKeyframe);
        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor descriptor));

        Assert.True(descriptor.TryRewritePictureId(payload, 0xffff)); // 15-bit: wraps to 0x7fff
        Assert.True(descriptor.TryRewriteTl0PicIdx(payload, 200));

        Assert.Equal("90e0ffffc860500100" + "9d012a", Hex.Format(payload));
        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor rewritten));
        Assert.Equal(0x7fff, rewritten.PictureId);
        Assert.Equal(200, rewritten.Tl0PicIdx);
        Assert.Equal(1, rewritten.TemporalLayerId);

        byte[] seven = Hex.Parse("90  80  7f  50");
        Vp8PayloadDescriptor.TryParse(seven, out Vp8PayloadDescriptor sevenBit);
        Assert.True(sevenBit.TryRewritePictureId(seven, 0x0102));
        Assert.Equal("90800250", Hex.Format(seven)); // 0x102 mod 128
        Assert.False(sevenBit.TryRewriteTl0PicIdx(seven, 1));

        byte[] minimal = Hex.Parse(MinimalKeyframe);
        Vp8PayloadDescriptor.TryParse(minimal, out Vp8PayloadDescriptor none);
        Assert.False(none.TryRewritePictureId(minimal, 1));
    }
}
