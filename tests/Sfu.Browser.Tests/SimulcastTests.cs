using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sfu.Browser.Tests.Infrastructure;
using Sfu.Core.Forwarding;
using Sfu.Signaling.Rooms;

namespace Sfu.Browser.Tests;

/// <summary>
/// Simulcast end to end: a Chromium publisher with a 1280x720 camera sends three layers; subscribers get the layer
/// their preference asks for and their link carries, switching at keyframes without freezing.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SimulcastTests
{
    private const string SubscriberPc = "window.sfu.subscriberPc";
    private static readonly TimeSpan LayerTimeout = TimeSpan.FromSeconds(45);
    private readonly BrowserFixture _fixture;

    public SimulcastTests(BrowserFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task SubscribersGetTheLayerTheyPreferAndSwitchWithoutFreezing()
    {
        await using var server = new SfuServer();
        var room = "sim" + Guid.NewGuid().ToString("N")[..8];
        var publisher = await OpenAsync(server, $"/?room={room}&name=pub&autojoin=1&camera=0&mic=0");
        var low = await OpenAsync(server, $"/?room={room}&name=low&autojoin=1&camera=0&mic=0&adaptive=0");
        var high = await OpenAsync(server, $"/?room={room}&name=high&autojoin=1&camera=0&mic=0&adaptive=0");
        try
        {
            await PublishCameraAsync(publisher);
            string trackId = await VideoTrackIdAsync(low);
            Assert.Equal(trackId, await VideoTrackIdAsync(high));
            await PreferAsync(low, trackId, 0);
            await PreferAsync(high, trackId, 2);

            // The server receives three layers, each on its own SSRC, at a quarter, half and full size.
            var layers = await WaitForLayersAsync(server, room, trackId);
            Assert.Equal([320, 640, 1280], layers.Select(l => l.Width).Order());
            Assert.Equal(3, layers.Select(l => l.Ssrc).Distinct().Count());

            var lowFigures = await WaitForWidthAsync(low, 320);
            var highFigures = await WaitForWidthAsync(high, 1280);
            Assert.Equal((320, 180), (lowFigures.FrameWidth, lowFigures.FrameHeight));
            Assert.Equal((1280, 720), (highFigures.FrameWidth, highFigures.FrameHeight));

            // High → low → high: the picture keeps coming, with no freeze of a second or more.
            var stalls = await FrameStallWatch.StartAsync(high, SubscriberPc);
            var sent = await FrameStallWatch.StartAsync(publisher, "window.sfu.publisherPc", outbound: true);
            var before = await InboundFigures.ReadAsync(high, SubscriberPc);
            await PreferAsync(high, trackId, 0);
            var atLow = await WaitForWidthAsync(high, 320);
            await PreferAsync(high, trackId, 2);
            var atHigh = await WaitForWidthAsync(high, 1280);
            var after = await InboundFigures.WaitUntilAsync(high, SubscriberPc, f => f.VideoFramesDecoded > atHigh.VideoFramesDecoded + 20, TimeSpan.FromSeconds(15));

            Assert.True(atLow.VideoFramesDecoded > before.VideoFramesDecoded && atHigh.VideoFramesDecoded > atLow.VideoFramesDecoded && after.VideoFramesDecoded > atHigh.VideoFramesDecoded + 20,
                $"frames decoded while switching: {before.VideoFramesDecoded} → {atLow.VideoFramesDecoded} (low) → {atHigh.VideoFramesDecoded} (high) → {after.VideoFramesDecoded}");
            // The longest stretch without a new decoded frame, not Chromium's freeze total: that also counts every frame
            // a CPU-starved publisher encoded late (printed beside it, with what the publisher itself encoded).
            var longest = (await stalls.StopAsync()).Values.DefaultIfEmpty(int.MaxValue).Max();
            var encoded = await sent.StopAsync();
            double frozen = after.TotalFreezesDuration - before.TotalFreezesDuration;
            string figures = $"longest stall {longest} ms; Chromium counted {after.FreezeCount - before.FreezeCount} freezes, {frozen:0.00} s; "
                + "the publisher's longest pause in encoding per layer: " + string.Join(", ", encoded.OrderBy(e => e.Key).Select(e => $"{e.Key} {e.Value} ms"));
            Console.WriteLine("switching layers: " + figures);
            Assert.True(longest < 1000, "the picture stood still while switching layers: " + figures);
            var switches = await DownTrackAsync(server, room, "high", trackId, d => d.RecentLayerSwitches());
            Assert.Contains(switches, s => s.From == 2 && s.To == 0 && s.Reason == LayerChangeReason.Preference);
            // Back up, the allocator may hold the subscriber on a middle layer while its estimate (which sank to what
            // the low layer needed) climbs again: then the last step up is the bandwidth's, not the preference's.
            Assert.Contains(switches, s => s.From < 2 && s.To == 2 && s.Reason is LayerChangeReason.Preference or LayerChangeReason.BandwidthIncrease);
        }
        finally
        {
            await CloseAsync(publisher, low, high);
        }
    }

    [Fact]
    public async Task AConstrainedSubscriberIsMovedToTheLowLayerAndClimbsBackWhenTheLimitIsLifted()
    {
        await using var server = new SfuServer();
        var room = "bwe" + Guid.NewGuid().ToString("N")[..8];
        var publisher = await OpenAsync(server, $"/?room={room}&name=pub&autojoin=1&camera=0&mic=0");
        var constrained = await OpenAsync(server, $"/?room={room}&name=constrained&autojoin=1&camera=0&mic=0&adaptive=0");
        var free = await OpenAsync(server, $"/?room={room}&name=free&autojoin=1&camera=0&mic=0&adaptive=0");
        try
        {
            await PublishCameraAsync(publisher);
            string trackId = await VideoTrackIdAsync(constrained);
            await WaitForLayersAsync(server, room, trackId);
            await WaitForWidthAsync(constrained, 1280);
            await WaitForWidthAsync(free, 1280);

            using (new RateLimitRule(await ServerView.SubscriberPortAsync(server, room, "constrained"), kilobitsPerSecond: 300))
            {
                var moved = await WaitForWidthAsync(constrained, 320);
                Assert.Equal(0, await DownTrackAsync(server, room, "constrained", trackId, d => d.CurrentLayer));
                var estimate = await DownTrackAsync(server, room, "constrained", trackId, d => d.BandwidthEstimateBps);
                Assert.True(estimate is > 0 and < 600_000, $"the constrained subscriber's estimate is {estimate} bit/s behind a 300 kbit/s limit");

                await Task.Delay(3000);
                var later = await InboundFigures.ReadAsync(constrained, SubscriberPc);
                Assert.True(later.VideoFramesDecoded > moved.VideoFramesDecoded + 30,
                    $"behind the limit the constrained subscriber decoded {later.VideoFramesDecoded - moved.VideoFramesDecoded} frames in 3 s");
                Assert.Equal(320, later.FrameWidth);

                var unconstrained = await InboundFigures.ReadAsync(free, SubscriberPc);
                Assert.Equal(1280, unconstrained.FrameWidth);
                Assert.Equal(2, await DownTrackAsync(server, room, "free", trackId, d => d.CurrentLayer));
            }

            var back = await WaitForWidthAsync(constrained, 1280, TimeSpan.FromSeconds(60));
            Assert.Equal(1280, back.FrameWidth);
            var switches = await DownTrackAsync(server, room, "constrained", trackId, d => d.RecentLayerSwitches());
            Assert.Contains(switches, s => s.To < s.From && s.Reason == LayerChangeReason.BandwidthDecrease);
            Assert.Contains(switches, s => s.To > s.From && s.Reason == LayerChangeReason.BandwidthIncrease);
        }
        finally
        {
            await CloseAsync(publisher, constrained, free);
        }
    }

    private async Task<IPage> OpenAsync(SfuServer server, string path)
    {
        var page = await ServerView.OpenAsync(_fixture.Browser, server, path);
        await page.WaitForFunctionAsync("() => window.sfu && window.sfu.connectionState === 'connected'", null, new() { Timeout = 20_000 });
        return page;
    }

    private static async Task CloseAsync(params IPage[] pages)
    {
        foreach (var page in pages)
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>Publishes a 1280x720 camera (Chromium's fake device) with three simulcast layers.</summary>
    private static Task PublishCameraAsync(IPage page) =>
        page.EvaluateAsync("() => window.sfu.publishCamera({ simulcast: true, video: { width: { exact: 1280 }, height: { exact: 720 }, frameRate: 30 } })");

    private static async Task<string> VideoTrackIdAsync(IPage page)
    {
        var handle = await page.WaitForFunctionAsync(
            "() => [...window.sfu.subscriptions.values()].find(s => s.kind === 'video')?.trackId",
            null,
            new() { Timeout = 20_000 });
        return await handle.JsonValueAsync<string>();
    }

    private static Task PreferAsync(IPage page, string trackId, int maxSpatialLayer) =>
        page.EvaluateAsync("([id, layer]) => window.sfu.setSubscriptionPreference(id, { maxSpatialLayer: layer })", new object[] { trackId, maxSpatialLayer });

    private static async Task<InboundFigures> WaitForWidthAsync(IPage page, int width, TimeSpan? timeout = null)
    {
        var figures = await InboundFigures.WaitUntilAsync(page, SubscriberPc, f => f.FrameWidth == width, timeout ?? LayerTimeout);
        Assert.True(figures.FrameWidth == width, $"the subscriber shows {figures.FrameWidth}x{figures.FrameHeight}, expected width {width} ({figures.VideoFramesDecoded} frames decoded)");
        return figures;
    }

    /// <summary>Waits until the server receives three live layers with known frame sizes; returns them.</summary>
    private static async Task<IReadOnlyList<(uint Ssrc, int Width, int Height)>> WaitForLayersAsync(SfuServer server, string room, string trackId)
    {
        var deadline = DateTime.UtcNow + LayerTimeout;
        IReadOnlyList<(uint Ssrc, int Width, int Height, bool Live)> layers = [];
        while (DateTime.UtcNow < deadline)
        {
            layers = await ServerView.RouterAsync(server, room, router =>
            {
                var track = router.Tracks.Single(t => t.TrackId == trackId);
                long now = System.Diagnostics.Stopwatch.GetTimestamp();
                return track.Layers.Select(l => (l.HasSsrc ? l.Ssrc : 0, l.Width, l.Height,
                    l.LastPacketTimestamp is long last && now - last < System.Diagnostics.Stopwatch.Frequency)).ToList();
            });
            if (layers.Count == 3 && layers.All(l => l.Live && l.Width > 0))
            {
                break;
            }

            await Task.Delay(500);
        }

        Assert.True(layers.Count == 3 && layers.All(l => l.Live && l.Width > 0),
            "the server does not receive three live layers: " + string.Join(", ", layers.Select(l => $"{l.Ssrc} {l.Width}x{l.Height} live={l.Live}")));
        return layers.Select(l => (l.Ssrc, l.Width, l.Height)).ToList();
    }

    private static async Task<T> DownTrackAsync<T>(SfuServer server, string room, string participant, string trackId, Func<DownTrack, T> read)
    {
        var rooms = server.Services.GetRequiredService<RoomManager>();
        Assert.True(rooms.TryGet(room, out var r));
        var downTrack = await r!.InspectAsync(ps => ps.Single(p => p.Name == participant).Sections.Single(s => s.Track?.TrackId == trackId).DownTrack)
            ?? throw new InvalidOperationException($"{participant} has no down-track for {trackId}");
        return await r.Worker.InvokeAsync(() => read(downTrack));
    }
}
