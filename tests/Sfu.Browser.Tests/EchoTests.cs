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
        Assert.Equal(640, later.FrameWidth);

        // The page shows it, too.
        Assert.Equal("connected", await page.InnerTextAsync("#state"));
        await page.Context.CloseAsync();
    }

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
