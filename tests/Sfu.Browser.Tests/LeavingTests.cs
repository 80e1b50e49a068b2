using System.Text.RegularExpressions;
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
        await bob.Page.EvaluateAsync(@"(pid) => {
            window.__aliceTile = [];
            const record = () => {
                const t = [...document.querySelectorAll('#grid .tile')].find(x => x.dataset.participantId === pid);
                window.__aliceTile.push(t ? (t.classList.contains('reconnecting') ? 'reconnecting' : 'live') : 'none');
            };
            new MutationObserver(record).observe(document.getElementById('grid'), { subtree: true, attributes: true, childList: true });
        }", alice.ParticipantId);

        await alice.DropSignalingAsync();
        await bob.WaitForPageAsync("() => window.__aliceTile.includes('reconnecting')", TimeSpan.FromSeconds(5), "Bob sees Alice reconnecting");
        await alice.WaitForPageAsync("() => window.sfu.connectionState === 'connected'", TimeSpan.FromSeconds(15), "Alice resumes");
        var tile = (await bob.WaitForTilesAsync(alice.ParticipantId, t => t.Count == 1 && !t[0].Reconnecting, TimeSpan.FromSeconds(5))).Single();
        Assert.False(tile.Reconnecting, "Bob still sees Alice as reconnecting after she resumed");
        var states = await bob.Page.EvaluateAsync<string[]>("window.__aliceTile");
        Assert.DoesNotContain("none", states);

        // Her video plays on in the same tile.
        var before = await bob.InboundAsync();
        var after = await bob.WaitForInboundAsync(s => Frames(s, alice) > Frames(before, alice) + 15, MediaTimeout);
        Assert.True(Frames(after, alice) > Frames(before, alice) + 15, $"Bob decoded {Frames(before, alice)} then {Frames(after, alice)} frames of Alice after she resumed");
        Assert.True((await bob.TilesOfAsync(alice.ParticipantId)).Single().ShowsVideo);
        bob.AssertNoErrors();
    }

    /// <summary>Two people in a new room, each seeing the other's video; the caller disposes both.</summary>
    private async Task<(RoomParticipant First, RoomParticipant Second)> TwoWhoSeeEachOtherAsync(string prefix)
    {
        var room = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
        var first = await RoomParticipant.JoinAsync(_fixture, room, "Alice");
        var second = await RoomParticipant.JoinAsync(_fixture, room, "Carol");
        foreach (var (me, other) in new[] { (first, second), (second, first) })
        {
            var s = await me.WaitForInboundAsync(x => Frames(x, other) > 5, MediaTimeout);
            Assert.True(Frames(s, other) > 5, $"{me.Name} decodes no video of {other.Name}: [{string.Join(", ", s)}]");
            await me.WaitForTilesAsync(other.ParticipantId, t => t.Count == 1 && t[0].ShowsVideo, MediaTimeout);
        }

        return (first, second);
    }

    private static async Task AssertGoneAsync(RoomParticipant me, RoomParticipant gone)
    {
        var tiles = await me.WaitForTilesAsync(gone.ParticipantId, t => t.Count == 0, Gone);
        Assert.True(tiles.Count == 0, $"{me.Name} still shows {tiles.Count} tile(s) of {gone.Name} {Gone.TotalSeconds} s after {gone.Name} went: {string.Join(", ", tiles)}");
        Assert.DoesNotContain(gone.ParticipantId, await me.KnownParticipantsAsync());
    }

    private static long Frames(IReadOnlyList<RoomInboundStream> streams, RoomParticipant from)
        => streams.Where(s => s.IsVideo && s.ParticipantId == from.ParticipantId).Sum(s => s.FramesDecoded);

    /// <summary>The server's <c>sfu_participants_media_goodbyes_total</c> for <paramref name="signal"/>, from <c>/metrics</c>.</summary>
    private async Task<long> MediaGoodbyesAsync(string signal)
    {
        using var http = new HttpClient { BaseAddress = _fixture.Server.BaseAddress };
        var text = await http.GetStringAsync("/metrics");
        var match = Regex.Match(text, $@"^sfu_participants_media_goodbyes[a-z_]*\{{[^}}]*signal=""{signal}""[^}}]*\}} (\d+)", RegexOptions.Multiline);
        return match.Success ? long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }
}
