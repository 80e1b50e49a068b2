using Sfu.Core.Sdp;

namespace Sfu.Core.Tests.Sdp;

public class MediaSectionAnswerTests
{
    private static MediaDescription ChromiumVideo() => SdpFixtures.Parse(SdpFixtures.ChromiumSimulcastOffer).Media[1];

    [Fact]
    public void NoCapabilitiesMeansNoCommonCodec()
    {
        var answer = new MediaSectionAnswer(ChromiumVideo(), new MediaCapabilities());

        Assert.False(answer.HasCommonCodec);
    }

    [Fact]
    public void WritesOnlyMatchedCodecsAndTheirRtxInTheOffersOrder()
    {
        var offered = ChromiumVideo();
        var answer = new MediaSectionAnswer(offered, MediaCapabilities.Default);
        var section = new MediaDescription { Kind = offered.Kind, Direction = MediaDirection.RecvOnly };

        var codecs = answer.WriteCodecs(section);

        Assert.True(answer.HasCommonCodec);
        Assert.Equal([96, 102, 108, 116, 45, 98, 100], codecs.Select(c => c.PayloadType));
        var kept = offered.Formats.Where(f => section.Formats.Contains(f)).ToList();
        Assert.Equal(kept, section.Formats);
        Assert.Equal(codecs.Count * 2, section.Formats.Count);
        Assert.Equal("apt=96", section.FindFmtp(97)!.Parameters);
    }

    [Fact]
    public void SimulcastIsAnsweredOnlyWhenTheSectionReceives()
    {
        var offered = ChromiumVideo();
        var answer = new MediaSectionAnswer(offered, MediaCapabilities.Default);
        var receiving = new MediaDescription { Kind = offered.Kind, Direction = MediaDirection.RecvOnly };
        var inactive = new MediaDescription { Kind = offered.Kind, Direction = MediaDirection.Inactive };

        var (rids, paused) = answer.WriteSimulcast(receiving);
        var (noRids, _) = answer.WriteSimulcast(inactive);

        Assert.Equal(["h", "m", "l"], rids);
        Assert.Empty(paused);
        Assert.Equal(["h", "m", "l"], receiving.Rids.Select(r => r.Id));
        Assert.All(receiving.Rids, r => Assert.Equal(RidDirection.Recv, r.Direction));
        Assert.NotNull(receiving.Simulcast);
        Assert.Empty(noRids);
        Assert.Empty(inactive.Rids);
        Assert.Null(inactive.Simulcast);
    }

    [Fact]
    public void HeaderExtensionsKeepTheOffersIdsForSupportedUris()
    {
        var offered = ChromiumVideo();
        var answer = new MediaSectionAnswer(offered, MediaCapabilities.Default);
        var section = new MediaDescription { Kind = offered.Kind };

        var extensions = answer.WriteHeaderExtensions(section);

        Assert.NotEmpty(extensions);
        Assert.All(section.Extmaps, e => Assert.Contains(offered.Extmaps, o => o.Id == e.Id && o.Uri == e.Uri));
        Assert.Equal(extensions.Count, section.Extmaps.Count);
    }
}
