using Sfu.Browser.Tests.Infrastructure;

namespace Sfu.Browser.Tests;

/// <summary>
/// Leaving without clicking Leave: a person who closes the tab or the browser context is gone from the others' pages
/// within 2 s (no dead tile for the reconnect grace period), while one whose signaling connection only drops is shown
/// as reconnecting and then live again.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LeavingTests
{
    private static readonly TimeSpan MediaTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Gone = TimeSpan.FromSeconds(2);
    private readonly BrowserFixture _fixture;

    public LeavingTests(BrowserFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task ClosingTheContextRemovesItsTileAtTheOthersWithinTwoSeconds()
    {
        var (alice, carol) = await TwoWhoSeeEachOtherAsync("ctx");
        await using var _ = alice;

        await carol.CloseContextAsync();
        await AssertGoneAsync(alice, carol);
        alice.AssertNoErrors();
    }

    [Fact]
    public async Task ClosingTheTabRemovesItsTileAtTheOthersWithinTwoSeconds()
    {
        var (alice, carol) = await TwoWhoSeeEachOtherAsync("tab");
        await using var _ = alice;
        await using var __ = carol;

        await carol.ClosePageAsync();
        await AssertGoneAsync(alice, carol);
        alice.AssertNoErrors();
    }

    /// <summary>
    /// The page's <c>Leave</c> lost on its way (only its peer connections closing on <c>pagehide</c> get out): the
    /// server still removes the participant at once, because Chromium sends DTLS close_notify when a peer connection
    /// is closed. (A context closed without the page closing its connections sends none: the server would only notice
    /// when ICE consent runs out, after the grace period.)
    /// </summary>
    [Fact]
    public async Task ClosingTheContextWithoutLeaveIsSeenByTheServerAsThePeerConnectionsClosing()
    {
        var (alice, carol) = await TwoWhoSeeEachOtherAsync("raw");
        await using var _ = alice;
        long before = await MediaGoodbyesAsync("dtls_close");

        await carol.DropHubSendsAsync();
        await carol.CloseContextAsync();
        await AssertGoneAsync(alice, carol);
        Assert.Equal(before + 1, await MediaGoodbyesAsync("dtls_close"));
        alice.AssertNoErrors();
    }

    [Fact]
    public async Task ALostSignalingConnectionShowsReconnectingAtTheOthersThenTheLiveTileAgain()
    {
        var (alice, bob) = await TwoWhoSeeEachOtherAsync("resume");
        await using var _ = alice;
        await using var __ = bob;

        // Bob's page records every state of Alice's tile; the drop and the resume may take less than a poll.
        await bob.RecordTileStatesAsync(alice.ParticipantId);

        await alice.DropSignalingAsync();
        await bob.WaitForPageAsync(RoomParticipant.TileStateRecorded("reconnecting"), TimeSpan.FromSeconds(5), "Bob sees Alice reconnecting");
        await alice.WaitForPageAsync("() => window.sfu.connectionState === 'connected'", TimeSpan.FromSeconds(15), "Alice resumes");
        var tile = (await bob.WaitForTilesAsync(alice.ParticipantId, t => t.Count == 1 && !t[0].Reconnecting, TimeSpan.FromSeconds(5))).Single();
        Assert.False(tile.Reconnecting, "Bob still sees Alice as reconnecting after she resumed");
        var states = await bob.RecordedTileStatesAsync();
        Assert.DoesNotContain("none", states);

        // Her video plays on in the same tile.
        var before = await bob.InboundAsync();
        var after = await bob.WaitForInboundAsync(s => TwoInARoom.FramesOf(s, alice) > TwoInARoom.FramesOf(before, alice) + 15, MediaTimeout);
        Assert.True(TwoInARoom.FramesOf(after, alice) > TwoInARoom.FramesOf(before, alice) + 15, $"Bob decoded {TwoInARoom.FramesOf(before, alice)} then {TwoInARoom.FramesOf(after, alice)} frames of Alice after she resumed");
        Assert.True((await bob.TilesOfAsync(alice.ParticipantId)).Single().ShowsVideo);
        bob.AssertNoErrors();
    }

    /// <summary>Two people in a new room, each seeing the other's video; the caller disposes both.</summary>
    private Task<(RoomParticipant First, RoomParticipant Second)> TwoWhoSeeEachOtherAsync(string prefix)
        => TwoInARoom.JoinAsync(_fixture, TwoInARoom.NewRoom(prefix + "-"), "Alice", "Carol", MediaTimeout);

    private static async Task AssertGoneAsync(RoomParticipant me, RoomParticipant gone)
    {
        var tiles = await me.WaitForTilesAsync(gone.ParticipantId, t => t.Count == 0, Gone);
        Assert.True(tiles.Count == 0, $"{me.Name} still shows {tiles.Count} tile(s) of {gone.Name} {Gone.TotalSeconds} s after {gone.Name} went: {string.Join(", ", tiles)}");
        Assert.DoesNotContain(gone.ParticipantId, await me.KnownParticipantsAsync());
    }

    /// <summary>The server's <c>sfu_participants_media_goodbyes_total</c> for <paramref name="signal"/>, from <c>/metrics</c>.</summary>
    private Task<long> MediaGoodbyesAsync(string signal) => _fixture.Server.CounterAsync("sfu_participants_media_goodbyes", "signal", signal);
}
