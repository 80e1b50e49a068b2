namespace Sfu.Signaling.Tests.Infrastructure;

/// <summary>Chromium's recorded publisher offer (audio mid 0, video mid 1) and variants of it.</summary>
public static class BrowserOffers
{
    public static string SendRecv { get; } = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "chromium-sendrecv-offer.sdp"));

    /// <summary>The same offer with the video m-section rejected (port 0): its track is unpublished.</summary>
    public static string AudioOnly { get; } = SendRecv.Replace("m=video 9", "m=video 0", StringComparison.Ordinal);

    /// <summary>The same offer with the audio m-section rejected: only video is published.</summary>
    public static string VideoOnly { get; } = SendRecv.Replace("m=audio 36102", "m=audio 0", StringComparison.Ordinal);
}
