using Sfu.Browser.Tests.Infrastructure;

namespace Sfu.Browser.Tests;

/// <summary>
/// The room page (<c>/</c>) and its client library in real Chromium pages, each a person in a room: what they see
/// and hear, read from <c>getStats()</c> of <c>window.sfu.subscriberPc</c> and from the page's tiles.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RoomPageTests
{
    private static readonly TimeSpan MediaTimeout = TimeSpan.FromSeconds(20);
    private readonly BrowserFixture _fixture;

    public RoomPageTests(BrowserFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task ClientBundleLoadsAndExportsSfuClient()
    {
        var page = await _fixture.NewPageAsync();
        var script = await page.APIRequest.GetAsync("/js/sfu-client.js");
        Assert.Equal(200, script.Status);
        Assert.StartsWith("text/javascript", script.Headers["content-type"], StringComparison.Ordinal);

        await page.GotoAsync("/echo");
        var exports = await page.EvaluateAsync<string[]>(
            @"async () => {
                const m = await import('/js/sfu-client.js');
                const c = new m.SfuClient();
                return [typeof m.SfuClient, typeof m.connect, m.TrackSource.ScreenShare, c.connectionState,
                        String(c.participants instanceof Map), String(c.subscriberPc), String(c instanceof EventTarget)];
            }");
        Assert.Equal(new[] { "function", "function", "screen", "disconnected", "true", "null", "true" }, exports);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task RoomPageLoadsWithoutErrorsAndFillsTheFormFromTheAddress()
    {
        var page = await _fixture.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        page.Console += (_, m) =>
        {
            if (m.Type == "error") errors.Add(m.Text);
        };

        await page.GotoAsync("/?room=lobby-7&name=Ada");
        await page.WaitForFunctionAsync("() => window.sfu && window.sfu.connectionState === 'disconnected'");
        Assert.Equal("lobby-7", await page.InputValueAsync("#room"));
        Assert.Equal("Ada", await page.InputValueAsync("#name"));
        Assert.Equal("disconnected", await page.InnerTextAsync("#state"));
        Assert.True(await page.IsVisibleAsync("#join"));
        Assert.False(await page.IsVisibleAsync("#controls"));
        Assert.Equal("/echo", await page.GetAttributeAsync("a[href='/echo']", "href"));
        Assert.Equal(0, await page.Locator("#grid .tile").CountAsync());
        Assert.True(errors.Count == 0, "page errors: " + string.Join(" | ", errors));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ThreeParticipantsEachSeeAndHearBothOthers()
    {
        var room = UniqueRoom("three");
        await using var alice = await RoomParticipant.JoinAsync(_fixture, room, "Alice");
        await using var bob = await RoomParticipant.JoinAsync(_fixture, room, "Bob");
        await using var carol = await RoomParticipant.JoinAsync(_fixture, room, "Carol");
        var everyone = new[] { alice, bob, carol };

        var first = new Dictionary<RoomParticipant, IReadOnlyList<RoomInboundStream>>();
        foreach (var me in everyone)
        {
            var others = everyone.Where(o => o != me).ToList();
            var streams = await me.WaitForInboundAsync(s => others.All(o => SeesAndHears(s, o, 10, 10)), MediaTimeout);
            foreach (var other in others)
            {
                AssertSeesAndHears(me, streams, other, 10, 10);
            }

            Assert.Equal(2, streams.Count(s => s.IsVideo && s.Flowing));
            Assert.Equal(2, streams.Count(s => s.IsAudio && s.Flowing));
            first[me] = streams;
        }

        // It keeps flowing: more frames decoded and more audio from each of the others a moment later.
        foreach (var me in everyone)
        {
            foreach (var other in everyone.Where(o => o != me))
            {
                var before = first[me];
                var later = await me.WaitForInboundAsync(
                    s => Frames(s, other) > Frames(before, other) + 15 && AudioBytes(s, other) > AudioBytes(before, other),
                    TimeSpan.FromSeconds(5));
                Assert.True(Frames(later, other) > Frames(before, other) + 15, $"{me.Name} decoded {Frames(before, other)} then {Frames(later, other)} frames of {other.Name}");
                Assert.True(AudioBytes(later, other) > AudioBytes(before, other), $"{me.Name} got {AudioBytes(before, other)} then {AudioBytes(later, other)} audio bytes of {other.Name}");

                // The page shows it: the other's named tile plays video.
                var tile = Assert.Single(await me.WaitForTilesAsync(other.ParticipantId, t => t.Any(x => x.ShowsVideo), TimeSpan.FromSeconds(5)));
                Assert.True(tile.ShowsVideo, $"{me.Name}'s tile of {other.Name}: {tile}");
                Assert.Equal(other.Name, tile.Caption);
            }
        }

        Assert.All(everyone, p => p.AssertNoErrors());
    }

    [Fact]
    public async Task LateJoinerReceivesTracksAlreadyPublished()
    {
        var room = UniqueRoom("late");
        await using var alice = await RoomParticipant.JoinAsync(_fixture, room, "Alice");
        await using var bob = await RoomParticipant.JoinAsync(_fixture, room, "Bob");
        var early = await alice.WaitForInboundAsync(s => SeesAndHears(s, bob, 5, 5), MediaTimeout);
        AssertSeesAndHears(alice, early, bob, 5, 5);

        await using var carol = await RoomParticipant.JoinAsync(_fixture, room, "Carol");
        var late = await carol.WaitForInboundAsync(s => SeesAndHears(s, alice, 10, 10) && SeesAndHears(s, bob, 10, 10), MediaTimeout);
        AssertSeesAndHears(carol, late, alice, 10, 10);
        AssertSeesAndHears(carol, late, bob, 10, 10);
        Assert.Equal(2, late.Count(s => s.IsVideo && s.Flowing));
        Assert.Equal(new[] { alice.ParticipantId, bob.ParticipantId }.Order(), (await carol.KnownParticipantsAsync()).Order());
        foreach (var other in new[] { alice, bob })
        {
            var tile = Assert.Single(await carol.WaitForTilesAsync(other.ParticipantId, t => t.Count == 1 && t[0].ShowsVideo, TimeSpan.FromSeconds(5)));
            Assert.True(tile.ShowsVideo, $"Carol's tile of {other.Name}: {tile}");
            Assert.Equal(other.Name, tile.Caption);
        }

        // And the two already there get the newcomer.
        foreach (var me in new[] { alice, bob })
        {
            var streams = await me.WaitForInboundAsync(s => SeesAndHears(s, carol, 10, 10), MediaTimeout);
            AssertSeesAndHears(me, streams, carol, 10, 10);
        }

        Assert.All(new[] { alice, bob, carol }, p => p.AssertNoErrors());
    }

    [Fact]
    public async Task WhenOneLeavesItsTilesDisappearAndTheRestKeepsFlowing()
    {
        var room = UniqueRoom("leave");
        await using var alice = await RoomParticipant.JoinAsync(_fixture, room, "Alice");
        await using var bob = await RoomParticipant.JoinAsync(_fixture, room, "Bob");
        await using var carol = await RoomParticipant.JoinAsync(_fixture, room, "Carol");
        foreach (var (me, other) in new[] { (alice, bob), (alice, carol), (bob, alice), (bob, carol) })
        {
            var s = await me.WaitForInboundAsync(x => SeesAndHears(x, other, 5, 5), MediaTimeout);
            AssertSeesAndHears(me, s, other, 5, 5);
            Assert.NotEmpty(await me.TilesOfAsync(other.ParticipantId));
        }

        await carol.LeaveAsync();

        foreach (var (me, stays) in new[] { (alice, bob), (bob, alice) })
        {
            var tiles = await me.WaitForTilesAsync(carol.ParticipantId, t => t.Count == 0, TimeSpan.FromSeconds(5));
            Assert.True(tiles.Count == 0, $"{me.Name} still shows {tiles.Count} tile(s) of Carol, who left: {string.Join(", ", tiles)}");
            Assert.DoesNotContain(carol.ParticipantId, await me.KnownParticipantsAsync());

            // The one who stays keeps playing.
            var before = await me.InboundAsync();
            var after = await me.WaitForInboundAsync(
                s => Frames(s, stays) > Frames(before, stays) + 15 && AudioBytes(s, stays) > AudioBytes(before, stays),
                TimeSpan.FromSeconds(5));
            Assert.True(Frames(after, stays) > Frames(before, stays) + 15, $"{me.Name} decoded {Frames(before, stays)} then {Frames(after, stays)} frames of {stays.Name} after Carol left");
            Assert.True(AudioBytes(after, stays) > AudioBytes(before, stays), $"{me.Name}'s audio from {stays.Name} stopped after Carol left");
            Assert.DoesNotContain(after, s => s.ParticipantId == carol.ParticipantId);
            Assert.True((await me.TilesOfAsync(stays.ParticipantId)).Single().ShowsVideo);
        }

        Assert.Equal(0, await carol.Page.Locator("#grid .tile").CountAsync());
        Assert.All(new[] { alice, bob, carol }, p => p.AssertNoErrors());
    }

    [Fact]
    public async Task CameraStoppedAndStartedAgainPlaysAgainForOthers()
    {
        var room = UniqueRoom("camera");
        await using var alice = await RoomParticipant.JoinAsync(_fixture, room, "Alice");
        await using var bob = await RoomParticipant.JoinAsync(_fixture, room, "Bob");
        var before = await bob.WaitForInboundAsync(s => SeesAndHears(s, alice, 10, 5), MediaTimeout);
        AssertSeesAndHears(bob, before, alice, 10, 5);
        var oldTrack = before.Single(s => s.IsVideo && s.ParticipantId == alice.ParticipantId).TrackId;

        // Alice stops her camera: Bob's tile of her shows its placeholder, her sound goes on.
        await alice.ClickAsync("#camera");
        var stopped = await bob.WaitForTilesAsync(alice.ParticipantId, t => t.Count == 1 && t[0].Placeholder, TimeSpan.FromSeconds(5));
        Assert.True(stopped.Count == 1 && stopped[0].Placeholder, $"Bob's tile of Alice after she stopped her camera: {string.Join(", ", stopped)}");
        var audioBefore = AudioBytes(await bob.InboundAsync(), alice);

        // She starts it again: a new track, and Bob decodes it.
        await alice.ClickAsync("#camera");
        var again = await bob.WaitForInboundAsync(
            s => s.Any(x => x.IsVideo && x.ParticipantId == alice.ParticipantId && x.TrackId != oldTrack && x.FramesDecoded > 10),
            MediaTimeout);
        var video = again.SingleOrDefault(x => x.IsVideo && x.ParticipantId == alice.ParticipantId);
        Assert.True(video is not null && video.TrackId != oldTrack && video.FramesDecoded > 10,
            $"Bob's video from Alice after her camera restarted: {video?.ToString() ?? "none"} (old track {oldTrack}). {await bob.DescribeAsync()}");
        Assert.True(AudioBytes(again, alice) > audioBefore, "Alice's audio stopped while her camera was off");
        var tile = Assert.Single(await bob.WaitForTilesAsync(alice.ParticipantId, t => t.Count == 1 && t[0].ShowsVideo, TimeSpan.FromSeconds(5)));
        Assert.True(tile.ShowsVideo, $"Bob's tile of Alice after her camera restarted: {tile}");
        Assert.True((await alice.TilesOfAsync("local")).Single(t => t.Source == "camera").ShowsVideo, "Alice's own preview is back");
        Assert.All(new[] { alice, bob }, p => p.AssertNoErrors());
    }

    [Fact]
    public async Task TwoRoomsAtOnceDoNotLeakMediaIntoEachOther()
    {
        var red = UniqueRoom("red");
        var blue = UniqueRoom("blue");
        await using var r1 = await RoomParticipant.JoinAsync(_fixture, red, "Rosa");
        await using var b1 = await RoomParticipant.JoinAsync(_fixture, blue, "Ben");
        await using var r2 = await RoomParticipant.JoinAsync(_fixture, red, "Rick");
        await using var b2 = await RoomParticipant.JoinAsync(_fixture, blue, "Bea");

        foreach (var (me, partner) in new[] { (r1, r2), (r2, r1), (b1, b2), (b2, b1) })
        {
            var streams = await me.WaitForInboundAsync(s => SeesAndHears(s, partner, 10, 10), MediaTimeout);
            AssertSeesAndHears(me, streams, partner, 10, 10);

            // Exactly the partner's two streams: nothing from the other room, nothing unmapped.
            var flowing = streams.Where(s => s.Flowing).ToList();
            Assert.True(flowing.Count == 2, $"{me.Name} ({me.Room}) receives {flowing.Count} streams: {string.Join(", ", flowing)}");
            Assert.All(flowing, s => Assert.Equal(partner.ParticipantId, s.ParticipantId));
            Assert.Equal(new[] { partner.ParticipantId }, await me.KnownParticipantsAsync());
            Assert.Equal(2, await me.Page.Locator("#grid .tile").CountAsync()); // own preview and the partner
        }

        Assert.All(new[] { r1, r2, b1, b2 }, p => p.AssertNoErrors());
    }

    [Fact]
    public async Task LostSignalingConnectionIsResumedAndMediaKeepsFlowing()
    {
        var room = UniqueRoom("resume");
        await using var alice = await RoomParticipant.JoinAsync(_fixture, room, "Alice");
        await using var bob = await RoomParticipant.JoinAsync(_fixture, room, "Bob");
        AssertSeesAndHears(alice, await alice.WaitForInboundAsync(s => SeesAndHears(s, bob, 10, 10), MediaTimeout), bob, 10, 10);
        AssertSeesAndHears(bob, await bob.WaitForInboundAsync(s => SeesAndHears(s, alice, 10, 10), MediaTimeout), alice, 10, 10);
        const string Ufrags = "() => [window.sfu.publisherPc.localDescription.sdp, window.sfu.subscriberPc.remoteDescription.sdp].map(s => s.match(/a=ice-ufrag:(.*)/)[1].trim())";
        var ufragsBefore = await alice.Page.EvaluateAsync<string[]>(Ufrags);
        await alice.Page.EvaluateAsync("() => { window.__states = []; window.sfu.on('connectionStateChanged', e => window.__states.push(e.state)); }");

        await alice.DropSignalingAsync();
        await alice.WaitForPageAsync("() => window.__states.includes('reconnecting') && window.sfu.connectionState === 'connected'", TimeSpan.FromSeconds(15), "Alice resumes");

        // Both connections restarted ICE (new credentials on each side) and media flows both ways again.
        await alice.WaitForPageAsync(
            "() => window.sfu.publisherPc.signalingState === 'stable' && window.sfu.subscriberPc.signalingState === 'stable'", TimeSpan.FromSeconds(10), "Alice's renegotiations finish");
        var ufragsAfter = await alice.Page.EvaluateAsync<string[]>(Ufrags);
        Assert.NotEqual(ufragsBefore[0], ufragsAfter[0]);
        Assert.NotEqual(ufragsBefore[1], ufragsAfter[1]);
        foreach (var (me, other) in new[] { (alice, bob), (bob, alice) })
        {
            var before = await me.InboundAsync();
            var after = await me.WaitForInboundAsync(s => Frames(s, other) > Frames(before, other) + 15 && AudioBytes(s, other) > AudioBytes(before, other), MediaTimeout);
            Assert.True(Frames(after, other) > Frames(before, other) + 15, $"{me.Name} decoded {Frames(before, other)} then {Frames(after, other)} frames of {other.Name} after the reconnect");
            Assert.True(AudioBytes(after, other) > AudioBytes(before, other), $"{me.Name}'s audio from {other.Name} stopped after the reconnect");
        }

        // Bob noticed nothing: Alice never left, her tile stayed.
        Assert.Equal(new[] { alice.ParticipantId }, await bob.KnownParticipantsAsync());
        Assert.True((await bob.TilesOfAsync(alice.ParticipantId)).Single().ShowsVideo);
        Assert.Equal(new[] { bob.ParticipantId }, await alice.KnownParticipantsAsync());
        bob.AssertNoErrors();
        Assert.Empty(alice.PageErrors);
    }

    private static string UniqueRoom(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    private static long Frames(IReadOnlyList<RoomInboundStream> streams, RoomParticipant from)
        => streams.Where(s => s.IsVideo && s.ParticipantId == from.ParticipantId).Sum(s => s.FramesDecoded);

    private static long AudioBytes(IReadOnlyList<RoomInboundStream> streams, RoomParticipant from)
        => streams.Where(s => s.IsAudio && s.ParticipantId == from.ParticipantId).Sum(s => s.BytesReceived);

    private static long AudioPackets(IReadOnlyList<RoomInboundStream> streams, RoomParticipant from)
        => streams.Where(s => s.IsAudio && s.ParticipantId == from.ParticipantId).Sum(s => s.PacketsReceived);

    private static bool SeesAndHears(IReadOnlyList<RoomInboundStream> streams, RoomParticipant from, long frames, long audioPackets)
        => Frames(streams, from) > frames && AudioPackets(streams, from) > audioPackets;

    private static void AssertSeesAndHears(RoomParticipant me, IReadOnlyList<RoomInboundStream> streams, RoomParticipant from, long frames, long audioPackets)
    {
        Assert.True(
            SeesAndHears(streams, from, frames, audioPackets),
            $"{me.Name} from {from.Name}: {Frames(streams, from)} video frames decoded (want > {frames}), {AudioPackets(streams, from)} audio packets (want > {audioPackets}). "
            + $"Streams: [{string.Join(", ", streams)}]");
    }
}
