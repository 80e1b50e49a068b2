using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Sfu.Browser.Tests.Infrastructure;
using Sfu.Signaling.Rooms;
using Xunit.Abstractions;

namespace Sfu.Browser.Tests;

/// <summary>
/// Draining a node moves its call to another node with a short interruption: two people in a room on node A, A drains
/// (the admin API, timeout 0) and names node B (<c>Sfu:Cluster:MoveTo</c>); both pages rejoin on B on their own, with
/// their camera and microphone, and decode each other again. The time from the move message to the first frame decoded
/// again is printed and must stay under 3 s (the issue's acceptance).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DrainTests
{
    /// <summary>The longest interruption the issue accepts, move message to the first frame decoded again.</summary>
    public static readonly TimeSpan MaxInterruption = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan MediaTimeout = TimeSpan.FromSeconds(20);

    // On each page: when the move message came and when the client was back in the room. The first frame decoded
    // again is the client's own joinTimings.firstFrame (getStats of the new subscriber connection every 10 ms until a
    // video frame is decoded), which the move restarts: no second poller loads the page while it rejoins.
    private const string WatchMoveScript = @"() => {
        const c = window.sfu;
        window.__move = { at: null, moved: null, reason: null, url: null, notice: null };
        c.on('moving', (e) => {
            window.__move.at = performance.now();
            window.__move.reason = e.reason;
            window.__move.url = e.url;
            setTimeout(() => { window.__move.notice = document.getElementById('notice').textContent; }, 0);
        });
        c.on('moved', () => { window.__move.moved = performance.now(); });
    }";

    private readonly BrowserFixture _fixture;
    private readonly ITestOutputHelper _output;

    public DrainTests(BrowserFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [Fact]
    public async Task DrainingANodeMovesItsCallToAnotherNodeAndBothDecodeEachOtherAgainWithinThreeSeconds()
    {
        await using var nodeB = new SfuServer();
        await using var nodeA = new SfuServer(new Dictionary<string, string?>
        {
            ["Sfu:Cluster:DrainTimeoutSeconds"] = "0",
            ["Sfu:Cluster:MoveTo"] = nodeB.BaseAddress.ToString(),
        });
        var room = TwoInARoom.NewRoom("drain");
        var (alice, bob) = await TwoInARoom.JoinAsync(_fixture, room, "Alice", "Bob", MediaTimeout, nodeA.BaseAddress);
        await using var _ = alice;
        await using var __ = bob;
        await alice.Page.EvaluateAsync(WatchMoveScript);
        await bob.Page.EvaluateAsync(WatchMoveScript);
        string loadBefore = LoadAverage();

        using var admin = new HttpClient { BaseAddress = nodeA.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Sfu.Server.Auth.DevelopmentKey.Key}:{Sfu.Server.Auth.DevelopmentKey.Secret}")));
        var drain = await admin.PostAsync("/api/node/drain", null);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, drain.StatusCode);

        foreach (var p in new[] { alice, bob })
        {
            await p.WaitForPageAsync("() => window.__move.moved !== null && window.sfu.joinTimings.firstFrame !== null", MediaTimeout, $"{p.Name} decodes a frame again after the move");
        }

        var interruptions = new List<double>();
        foreach (var p in new[] { alice, bob })
        {
            // The client takes the move's time (joinTimings.start) just before it says 'moving'.
            var at = await p.Page.EvaluateAsync<double>("window.sfu.joinTimings.start");
            var moved = await p.Page.EvaluateAsync<double>("window.__move.moved");
            var frame = await p.Page.EvaluateAsync<double>("window.sfu.joinTimings.firstFrame");
            var heard = await p.Page.EvaluateAsync<double>("window.__move.at");
            Assert.True(heard >= at && heard - at < 500, string.Create(CultureInfo.InvariantCulture, $"joinTimings did not restart at the move ({at} ms; 'moving' at {heard} ms)"));
            var timings = await p.Page.EvaluateAsync<string>("JSON.stringify(window.sfu.joinTimings)");
            Assert.Equal("node-draining", await p.Page.EvaluateAsync<string>("window.__move.reason"));
            Assert.StartsWith(nodeB.BaseAddress.ToString(), await p.Page.EvaluateAsync<string>("window.__move.url"), StringComparison.Ordinal);
            Assert.Contains("node-draining", await p.Page.EvaluateAsync<string>("window.__move.notice"), StringComparison.Ordinal);
            interruptions.Add(frame - at);
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{p.Name}: move message -> back in the room {moved - at:0} ms, -> first frame decoded again {frame - at:0} ms; rejoin steps since the move (ms since page load): {timings}"));
        }

        _output.WriteLine($"load average before the drain: {loadBefore}; after: {LoadAverage()}");

        // Both are in one room on B, none on A.
        Assert.True(nodeB.Services.GetRequiredService<RoomManager>().TryGet(room, out var onB), $"no room {room} on node B");
        Assert.Equal(2, onB!.Participants.Count);
        Assert.Empty(nodeA.Services.GetRequiredService<RoomManager>().Rooms);

        // Each decodes the other again: its tile of the other (new id) plays, and frames and bytes keep coming.
        var aliceOnB = await alice.Page.EvaluateAsync<string>("window.sfu.participantId");
        var bobOnB = await bob.Page.EvaluateAsync<string>("window.sfu.participantId");
        Assert.NotEqual(alice.ParticipantId, aliceOnB);
        await DecodesAsync(alice, bobOnB);
        await DecodesAsync(bob, aliceOnB);
        await KeepsDecodingAsync(alice, bobOnB);
        await KeepsDecodingAsync(bob, aliceOnB);

        foreach (var ms in interruptions)
        {
            Assert.True(ms < MaxInterruption.TotalMilliseconds, string.Create(CultureInfo.InvariantCulture, $"interruption {ms:0} ms (limit {MaxInterruption.TotalMilliseconds} ms)"));
        }

        alice.AssertNoErrors();
        bob.AssertNoErrors();
    }

    /// <summary>
    /// Without another node to go to (no cluster, no <c>MoveTo</c>), the page tries to rejoin where it was, is refused
    /// there (the node drains) and, once its move window passes, says why it was disconnected.
    /// </summary>
    [Fact]
    public async Task WithoutAnotherNodeThePageSaysWhyItWasDisconnected()
    {
        await using var node = new SfuServer(new Dictionary<string, string?> { ["Sfu:Cluster:DrainTimeoutSeconds"] = "0" });
        var room = TwoInARoom.NewRoom("drain");
        await using var alice = await RoomParticipant.JoinAsync(_fixture, room, "Alice", server: node.BaseAddress);
        await alice.Page.EvaluateAsync("() => { window.sfu.options.moveWindowMs = 2000; }");

        await node.Services.GetRequiredService<Sfu.Signaling.Lifecycle.NodeDrainer>().DrainAsync(Sfu.Signaling.Lifecycle.DrainTriggers.Sigterm);

        await alice.WaitForPageAsync("() => window.sfu.connectionState === 'disconnected'", MediaTimeout, "Alice gives up rejoining");
        var error = await alice.Page.EvaluateAsync<string>("document.getElementById('error').textContent");
        Assert.Contains("the server is shutting down (node-draining)", error, StringComparison.Ordinal);
        Assert.Contains("draining", error[error.IndexOf("rejoining failed", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.True(await alice.Page.EvaluateAsync<bool>("document.getElementById('notice').hidden"));
        Assert.False(await alice.Page.EvaluateAsync<bool>("document.getElementById('join-form').hidden"));
        Assert.Empty(alice.PageErrors);
    }

    /// <summary>Waits until <paramref name="viewer"/>'s tile of <paramref name="participantId"/> plays video with frames decoded.</summary>
    private static async Task DecodesAsync(RoomParticipant viewer, string participantId)
    {
        var streams = await viewer.WaitForInboundAsync(s => s.Any(x => x.IsVideo && x.ParticipantId == participantId && x.FramesDecoded > 0), MediaTimeout);
        Assert.True(streams.Any(x => x.IsVideo && x.ParticipantId == participantId && x.FramesDecoded > 0),
            $"{viewer.Name} decodes no video of {participantId}: {string.Join(", ", streams)}. {await viewer.DescribeAsync()}");
        var tiles = await viewer.WaitForTilesAsync(participantId, t => t.Count == 1 && t[0].ShowsVideo, TimeSpan.FromSeconds(10));
        Assert.True(tiles.Count == 1 && tiles[0].ShowsVideo, $"{viewer.Name}'s tile of {participantId}: {string.Join(", ", tiles)}");
    }

    /// <summary>Frames decoded and bytes received of <paramref name="participantId"/>'s video keep growing.</summary>
    private static async Task KeepsDecodingAsync(RoomParticipant viewer, string participantId)
    {
        var before = (await viewer.InboundAsync()).Single(x => x.IsVideo && x.ParticipantId == participantId);
        var after = (await viewer.WaitForInboundAsync(
            s => s.Any(x => x.IsVideo && x.ParticipantId == participantId && x.FramesDecoded > before.FramesDecoded && x.BytesReceived > before.BytesReceived),
            MediaTimeout)).Single(x => x.IsVideo && x.ParticipantId == participantId);
        Assert.True(after.FramesDecoded > before.FramesDecoded && after.BytesReceived > before.BytesReceived, $"{viewer.Name} of {participantId}: {before} then {after}");
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
