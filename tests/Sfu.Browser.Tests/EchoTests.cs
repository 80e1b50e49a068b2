using System.Text.Json;
using Sfu.Browser.Tests.Infrastructure;

namespace Sfu.Browser.Tests;

/// <summary>The echo test in a real Chromium: what goes to the server comes back and plays.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EchoTests
{
    private const string Pc = "window.echo.pc";
    private readonly BrowserFixture _fixture;

    public EchoTests(BrowserFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task EchoedVideoDecodesAndEchoedAudioArrives()
    {
        var page = await _fixture.NewPageAsync();
        await page.GotoAsync("/echo?autostart=1");

        var first = await InboundFigures.WaitUntilAsync(page, Pc, f => f.VideoFramesDecoded > 5 && f.AudioPacketsReceived > 10, TimeSpan.FromSeconds(20));
        var state = await page.EvaluateAsync<string>("window.echo.pc && window.echo.pc.connectionState");
        Assert.True(first.VideoFramesDecoded > 5, $"echoed video decoded {first.VideoFramesDecoded} frames (connection {state}); expected it to play");
        Assert.True(first.AudioPacketsReceived > 10, $"echoed audio: {first.AudioPacketsReceived} packets received; expected it to arrive");
        Assert.Equal("connected", state);

        // It keeps flowing: more frames decoded and more audio a second and a half later.
        await Task.Delay(1500);
        var later = await InboundFigures.ReadAsync(page, Pc);
        Assert.True(later.VideoFramesDecoded > first.VideoFramesDecoded + 10, $"frames decoded went from {first.VideoFramesDecoded} to {later.VideoFramesDecoded}");
        Assert.True(later.AudioBytesReceived > first.AudioBytesReceived, $"audio bytes went from {first.AudioBytesReceived} to {later.AudioBytesReceived}");

        // The page shows it, too.
        Assert.Equal("connected", await page.InnerTextAsync("#state"));
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// The server gives the echo the room path's transport-cc feedback, so the browser's uplink estimate ramps up
    /// past 1 Mbit/s and the echoed video climbs beyond 640 wide (the page asks for 1280x720). Without the feedback
    /// the estimate never leaves its start (about 300 kbit/s) and the video stays at its start resolution. The echoed
    /// media's own bitrate is the picture's: Chromium's synthetic camera encodes at about 600 kbit/s even at 1280x720
    /// with a 5 Mbit/s estimate, so the test reads the estimate the page shows, and prints the media rate beside it.
    /// The window is 30 s for loaded machines; the figures measured are in docs/benchmarks.md.
    /// </summary>
    [Fact]
    public async Task EchoedVideoRampsUpAbove1MbitAndBeyond640Wide()
    {
        var page = await _fixture.NewPageAsync();
        await page.GotoAsync("/echo?autostart=1");
        var ramp = new List<string>();
        double estimate = 0, kbps = 0, firstKbps = 0;
        int width = 0;
        var started = DateTime.UtcNow;
        while (DateTime.UtcNow - started < TimeSpan.FromSeconds(30) && !(estimate > 1000 && width > 640))
        {
            await Task.Delay(1000);
            var f = await page.EvaluateAsync<JsonElement>("() => window.echo.figures");
            var video = f.TryGetProperty("video", out var v) ? v : default;
            kbps = Number(video, "inKbps");
            width = (int)Number(video, "frameWidth");
            estimate = Number(f, "estimateKbps");
            firstKbps = firstKbps == 0 ? kbps : firstKbps;
            ramp.Add($"{kbps:F0} kbit/s {width}w (estimate {estimate:F0})");
        }

        string seen = string.Join(", ", ramp);
        Console.WriteLine($"echo ramp after {(DateTime.UtcNow - started).TotalSeconds:F0} s, one figure per second: {seen}");
        Assert.True(estimate > 1000, $"the browser's uplink estimate stayed at {estimate:F0} kbit/s (each second: {seen})");
        Assert.True(width > 640, $"the echoed video stayed {width} wide (each second: {seen})");
        Assert.NotEqual("-", await page.InnerTextAsync("#estimate"));
        await page.Context.CloseAsync();
    }

    private static double Number(JsonElement o, string name)
        => o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var x) && x.ValueKind == JsonValueKind.Number ? x.GetDouble() : 0;

    [Fact]
    public async Task GarbageOfferIsRefusedWithAClearError()
    {
        var page = await _fixture.NewPageAsync();
        var response = await page.APIRequest.PostAsync("/api/echo", new() { DataObject = new { type = "offer", sdp = "this is not sdp" } });
        Assert.Equal(400, response.Status);
        var body = await response.TextAsync();
        Assert.Contains("not valid SDP", body, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }
}
