using Sfu.Core.Rtp.Codecs;

namespace Sfu.Core.Tests.Rtp.Codecs;

public class Vp9PayloadDescriptorTests
{
    // I=1 P=0 L=1 F=0 B=1 E=0 V=1 Z=0 | M=1 PictureID 0x0123 | TID 0 U 0 SID 0 D 0 | TL0PICIDX 7 |
    // SS: N_S=0 Y=1 G=1 | 640 x 480 | N_G=1 | TID 0 U 0 R=1 | P_DIFF 1 | VP9 frame
    private const string Keyframe = "aa  81 23  00  07  18  02 80 01 e0  01  04 01  82 49 83 42";

    // I=1 P=1 L=1 F=1 B=1 E=0 V=0 Z=0 | PictureID 5 | TID 2 U 1 SID 1 D 1 | P_DIFF 1 (N=1), P_DIFF 2 (N=0) | frame
    private const string FlexibleInterframe = "f8  05  53  03 04  aa bb";

    [Fact]
    public void ParsesANonFlexibleKeyframeWithScalabilityStructure()
    {
        byte[] payload = Hex.Parse(Keyframe);
        Assert.True(Vp9PayloadDescriptor.TryParse(payload, out Vp9PayloadDescriptor descriptor));
        Assert.True(descriptor.HasPictureId);
        Assert.False(descriptor.IsInterPicturePredicted);
        Assert.True(descriptor.HasLayerIndices);
        Assert.False(descriptor.IsFlexibleMode);
        Assert.True(descriptor.IsStartOfFrame);
        Assert.False(descriptor.IsEndOfFrame);
        Assert.True(descriptor.HasScalabilityStructure);
        Assert.False(descriptor.IsNotReferenceForUpperSpatialLayers);
        Assert.True(descriptor.HasTwoBytePictureId);
        Assert.Equal(0x0123, descriptor.PictureId);
        Assert.Equal(0, descriptor.TemporalLayerId);
        Assert.Equal(0, descriptor.SpatialLayerId);
        Assert.True(descriptor.HasTl0PicIdx);
        Assert.Equal(7, descriptor.Tl0PicIdx);
        Assert.Equal(4, descriptor.Tl0PicIdxOffset);
        Assert.Equal(13, descriptor.Length);
        Assert.Equal("82498342", Hex.Format(payload.AsSpan(descriptor.Length)));
        Assert.True(descriptor.StartsKeyframe);
        Assert.True(Vp9PayloadDescriptor.IsKeyframe(payload));
    }

    [Fact]
    public void ParsesAFlexibleModeInterframe()
    {
        byte[] payload = Hex.Parse(FlexibleInterframe);
        Assert.True(Vp9PayloadDescriptor.TryParse(payload, out Vp9PayloadDescriptor descriptor));
        Assert.True(descriptor.IsInterPicturePredicted);
        Assert.True(descriptor.IsFlexibleMode);
        Assert.False(descriptor.HasTwoBytePictureId);
        Assert.Equal(5, descriptor.PictureId);
        Assert.Equal(2, descriptor.TemporalLayerId);
        Assert.True(descriptor.IsSwitchingUpPoint);
        Assert.Equal(1, descriptor.SpatialLayerId);
        Assert.True(descriptor.HasInterLayerDependency);
        Assert.False(descriptor.HasTl0PicIdx);
        Assert.Equal(5, descriptor.Length);
        Assert.False(descriptor.StartsKeyframe);
    }

    [Theory]
    [InlineData("88  01", true)] // I=1 B=1, no layers, P=0
    [InlineData("c8  01", false)] // P=1
    [InlineData("80  01", false)] // B=0: not the start of the frame
    [InlineData("a8  01  02  00", false)] // SID 1 keyframe layer: not the base layer
    [InlineData("a8  01  00  00", true)] // SID 0
    [InlineData("08", true)] // no PictureID at all
    public void DetectsKeyframes(string hex, bool expected)
    {
        Assert.Equal(expected, Vp9PayloadDescriptor.IsKeyframe(Hex.Parse(hex)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("80")] // I without PictureID
    [InlineData("80  81")] // M=1 with one octet
    [InlineData("a0  01")] // L without layer octet
    [InlineData("a0  01  00")] // non-flexible L without TL0PICIDX
    [InlineData("d0  01  03  03  03")] // flexible P: three P_DIFFs all with N=1
    [InlineData("d0  01  03")] // P_DIFF says another follows, none does
    [InlineData("0a")] // V without SS
    [InlineData("0a  10  02 80")] // SS Y=1 with half a resolution
    [InlineData("0a  08")] // SS G=1 without N_G
    [InlineData("0a  08  01  08")] // group with R=2 and no P_DIFFs
    public void MalformedDescriptorsAreRejected(string hex)
    {
        Assert.False(Vp9PayloadDescriptor.TryParse(Hex.Parse(hex), out _));
        Assert.False(Vp9PayloadDescriptor.IsKeyframe(Hex.Parse(hex)));
    }

    [Fact]
    public void RewritesPictureIdAndTl0PicIdxInPlace()
    {
        byte[] payload = Hex.Parse(Keyframe);
        Vp9PayloadDescriptor.TryParse(payload, out Vp9PayloadDescriptor descriptor);
        Assert.True(descriptor.TryRewritePictureId(payload, 0x1234));
        Assert.True(descriptor.TryRewriteTl0PicIdx(payload, 9));
        Assert.True(Vp9PayloadDescriptor.TryParse(payload, out Vp9PayloadDescriptor rewritten));
        Assert.Equal(0x1234, rewritten.PictureId);
        Assert.Equal(9, rewritten.Tl0PicIdx);
        Assert.Equal("aa92340009", Hex.Format(payload.AsSpan(0, 5)));

        byte[] flexible = Hex.Parse(FlexibleInterframe);
        Vp9PayloadDescriptor.TryParse(flexible, out Vp9PayloadDescriptor flex);
        Assert.True(flex.TryRewritePictureId(flexible, 0x85));
        Assert.Equal(0x05, flexible[1]);
        Assert.False(flex.TryRewriteTl0PicIdx(flexible, 1));
    }
}
