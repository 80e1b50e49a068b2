using Sfu.Core.Sdp;

namespace Sfu.Core.Tests.Sdp;

/// <summary>Real browser captures copied next to the test assembly (Sdp/Fixtures/*.sdp).</summary>
internal static class SdpFixtures
{
    public const string ChromiumSimulcastOffer = "chromium156-simulcast-offer.sdp";
    public const string FirefoxSimulcastOffer = "firefox153-simulcast-offer.sdp";
    public const string ReferenceSubscriberOffer = "reference-sfu-subscriber-offer.sdp";

    public static readonly string[] All = [ChromiumSimulcastOffer, FirefoxSimulcastOffer, ReferenceSubscriberOffer];

    public static string Read(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Sdp", "Fixtures", name));

    public static SessionDescription Parse(string name)
    {
        Assert.True(SdpParser.TryParse(Read(name), out var description, out var error), name + ": " + error);
        return description;
    }
}
