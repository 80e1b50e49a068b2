namespace Sfu.Server.Tests;

/// <summary>Offers recorded from Chromium (in Fixtures/), read once.</summary>
public static class BrowserOffers
{
    /// <summary>One audio and one video m-section, both sendrecv.</summary>
    public static string SendRecv { get; } = Read("chromium-sendrecv-offer.sdp");

    /// <summary>Audio and a three-layer simulcast video (rids h, m, l).</summary>
    public static string Simulcast { get; } = Read("chromium156-simulcast-offer.sdp");

    private static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));
}
