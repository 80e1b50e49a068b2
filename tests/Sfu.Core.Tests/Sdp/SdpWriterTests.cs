using Sfu.Core.Sdp;

namespace Sfu.Core.Tests.Sdp;

public class SdpWriterTests
{
    [Theory]
    [InlineData(SdpFixtures.ChromiumSimulcastOffer)]
    [InlineData(SdpFixtures.FirefoxSimulcastOffer)]
    [InlineData(SdpFixtures.ReferenceSubscriberOffer)]
    public void FixtureRoundTripsStructurally(string name)
    {
        var parsed = SdpFixtures.Parse(name);
        var written = SdpWriter.Write(parsed);

        Assert.True(SdpParser.TryParse(written, out var reparsed, out var error), error);
        Assert.Equal(SdpModelDump.Dump(parsed), SdpModelDump.Dump(reparsed));
        Assert.Equal(written, SdpWriter.Write(reparsed));
    }

    [Theory]
    [InlineData(SdpFixtures.ChromiumSimulcastOffer)]
    [InlineData(SdpFixtures.FirefoxSimulcastOffer)]
    [InlineData(SdpFixtures.ReferenceSubscriberOffer)]
    public void WritesEveryLineOfTheInputWithCrlf(string name)
    {
        var original = SdpFixtures.Read(name);
        var written = SdpWriter.Write(SdpFixtures.Parse(name));

        Assert.EndsWith("\r\n", written, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", written.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var originalLines = original.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(Normalize).Order(StringComparer.Ordinal);
        var writtenLines = written.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(Normalize).Order(StringComparer.Ordinal);
        Assert.Equal(originalLines, writtenLines);
    }

    // The writer spells a few things canonically: "a=msid-semantic: WMS" with a space.
    private static string Normalize(string line) =>
        line.StartsWith("a=msid-semantic:", StringComparison.Ordinal) ? "a=msid-semantic: " + line["a=msid-semantic:".Length..].TrimStart() : line;
}
