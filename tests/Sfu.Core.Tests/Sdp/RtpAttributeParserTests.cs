using Sfu.Core.Sdp;

namespace Sfu.Core.Tests.Sdp;

/// <summary>The RTP attribute parser of one m-section, on its own.</summary>
public sealed class RtpAttributeParserTests
{
    [Fact]
    public void LeavesAttributesItDoesNotModelToTheCaller()
    {
        var parser = new RtpAttributeParser();
        var media = new MediaDescription { Kind = MediaKinds.Video };

        Assert.False(parser.TryParse(media, "mid", "0", 5, out var failure));
        Assert.Null(failure);
        Assert.True(parser.TryParse(media, "rtpmap", "96 VP8/90000", 6, out failure));
        Assert.Null(failure);
        Assert.Equal("VP8", Assert.Single(media.RtpMaps).EncodingName);
    }

    [Fact]
    public void SimulcastRidWithoutARidLineIsReportedAtTheSimulcastLine()
    {
        var parser = new RtpAttributeParser();
        var media = new MediaDescription { Kind = MediaKinds.Video };
        media.Formats.Add("96");

        Assert.True(parser.TryParse(media, "rid", "h send", 10, out var failure));
        Assert.Null(failure);
        Assert.True(parser.TryParse(media, "simulcast", "send h;l", 12, out failure));
        Assert.Null(failure);

        Assert.Equal("line 12: a=simulcast send names rid 'l' without an a=rid:l send", parser.FinishSection(media));
    }
}
