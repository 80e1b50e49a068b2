using Sfu.Signaling.Tests.Infrastructure;

namespace Sfu.Signaling.Tests.Rooms;

/// <summary>The stats say what a publisher negotiated for repairs, and why one without PLI/NACK recovers only at periodic keyframes.</summary>
public sealed class PublisherFeedbackStatsTests : IDisposable
{
    private readonly RoomTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task APublisherWithoutRtcpFeedbackGetsARecoveryNoteAndABrowserNone()
    {
        var room = RoomTestHost.NewRoomName();
        var browser = await _host.JoinAsync(room, "Chromium");
        await browser.PublishAsync(BrowserOffers.SendRecv);
        var gstreamer = await _host.JoinAsync(room, "webrtcbin");
        var bare = string.Join("\r\n", BrowserOffers.SendRecv.Split("\r\n").Where(l => !l.StartsWith("a=rtcp-fb:", StringComparison.Ordinal)));
        await gstreamer.PublishAsync(bare);

        var full = (await browser.Room.GetStatsAsync(browser.Id))!.Tracks.Single(t => t.Direction == "in" && t.Kind == "video");
        Assert.Null(full.RecoveryNote);
        Assert.Contains("nack", full.Feedback!);
        Assert.Contains("pli", full.Feedback!);
        Assert.Contains("transport-cc", full.Feedback!);

        var none = (await gstreamer.Room.GetStatsAsync(gstreamer.Id))!.Tracks.Single(t => t.Direction == "in" && t.Kind == "video");
        Assert.Empty(none.Feedback!);
        Assert.Contains("no PLI/FIR/NACK negotiated", none.RecoveryNote, StringComparison.Ordinal);
        var audio = (await gstreamer.Room.GetStatsAsync(gstreamer.Id))!.Tracks.Single(t => t.Direction == "in" && t.Kind == "audio");
        Assert.Null(audio.RecoveryNote);
    }
}
