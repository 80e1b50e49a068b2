using System.Text.Json;
using Microsoft.Playwright;

namespace Sfu.Browser.Tests.Infrastructure;

/// <summary>
/// One person in a room: the room page (<c>/?room=R&amp;name=N&amp;autojoin=1</c>) in its own browser context, with
/// the page's JavaScript errors collected. Reads what the person would notice from <c>window.sfu</c> (the SfuClient)
/// and from the page's tiles.
/// </summary>
public sealed class RoomParticipant : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string InboundScript = @"async () => {
        const c = window.sfu;
        const pc = c && c.subscriberPc;
        if (!pc) return [];
        const byMid = new Map();
        const byTrack = new Map();
        for (const s of c.subscriptions.values()) { byMid.set(s.mid, s); byTrack.set(s.track.id, s); }
        const out = [];
        (await pc.getStats()).forEach(r => {
            if (r.type !== 'inbound-rtp') return;
            const s = (r.mid != null ? byMid.get(r.mid) : null) || byTrack.get(r.trackIdentifier) || null;
            out.push({
                participantId: s ? s.participantId : null, trackId: s ? s.trackId : null, source: s ? s.source : null,
                kind: r.kind, mid: r.mid ?? null, ssrc: r.ssrc, packetsReceived: r.packetsReceived || 0,
                bytesReceived: r.bytesReceived || 0, framesDecoded: r.framesDecoded || 0, frameWidth: r.frameWidth || 0,
            });
        });
        return out;
    }";

    private const string TilesScript = @"(pid) => [...document.querySelectorAll('#grid .tile')]
        .filter(t => t.dataset.participantId === pid)
        .map(t => {
            const v = t.querySelector('video');
            return { participantId: pid, source: t.dataset.source, caption: t.querySelector('.name').textContent,
                     placeholder: t.classList.contains('no-video'), videoWidth: v.videoWidth, playing: !!v.srcObject && !v.paused,
                     reconnecting: t.classList.contains('reconnecting') && !t.querySelector('.status').hidden };
        })";

    // Keeps the page's WebSockets (SignalR's) so a test can drop the signaling connection like a network would.
    private const string SocketTrackerScript = @"(() => {
        const Native = window.WebSocket;
        window.__sfuSockets = [];
        window.WebSocket = class extends Native {
            constructor(...args) { super(...args); window.__sfuSockets.push(this); }
        };
    })();";

    private RoomParticipant(IPage page, string room, string name)
    {
        Page = page;
        Room = room;
        Name = name;
        page.PageError += (_, error) => { lock (PageErrors) PageErrors.Add(error); };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (ConsoleErrors) ConsoleErrors.Add(message.Text);
            }
        };
    }

    public IPage Page { get; }

    public string Room { get; }

    public string Name { get; }

    /// <summary>The participant id the server gave this page.</summary>
    public string ParticipantId { get; private set; } = "";

    /// <summary>Uncaught exceptions and unhandled promise rejections of the page.</summary>
    public List<string> PageErrors { get; } = new();

    /// <summary>console.error messages of the page (failed loads included).</summary>
    public List<string> ConsoleErrors { get; } = new();

    /// <summary>
    /// Opens the room page, joins <paramref name="room"/> as <paramref name="name"/> and waits until the client is
    /// connected and the server accepted its camera and microphone. <paramref name="server"/>: a test's own server
    /// instead of the fixture's.
    /// </summary>
    public static async Task<RoomParticipant> JoinAsync(BrowserFixture fixture, string room, string name, bool camera = true, bool microphone = true, Uri? server = null, IBrowser? browser = null)
    {
        var page = await fixture.NewPageAsync(server, browser);
        var participant = new RoomParticipant(page, room, name);
        await page.AddInitScriptAsync(SocketTrackerScript);
        var url = $"/?room={Uri.EscapeDataString(room)}&name={Uri.EscapeDataString(name)}&autojoin=1"
            + (camera ? "" : "&camera=0") + (microphone ? "" : "&mic=0");
        await page.GotoAsync(url);
        int tracks = (camera ? 1 : 0) + (microphone ? 1 : 0);
        await participant.WaitForPageAsync(
            $"() => window.sfu && window.sfu.connectionState === 'connected' && window.sfu.localTracks.filter(t => t.trackId).length === {tracks}",
            TimeSpan.FromSeconds(15),
            $"{name} joins room {room} with {tracks} published track(s)");
        participant.ParticipantId = await page.EvaluateAsync<string>("window.sfu.participantId");
        return participant;
    }

    /// <summary>Every inbound stream of this page's subscriber connection, mapped to the remote participants.</summary>
    public async Task<IReadOnlyList<RoomInboundStream>> InboundAsync()
    {
        var json = await Page.EvaluateAsync<JsonElement>(InboundScript);
        return json.Deserialize<List<RoomInboundStream>>(Json) ?? new List<RoomInboundStream>();
    }

    /// <summary>Polls the inbound streams until <paramref name="condition"/> holds or the timeout passes; returns the last ones.</summary>
    public async Task<IReadOnlyList<RoomInboundStream>> WaitForInboundAsync(Func<IReadOnlyList<RoomInboundStream>, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var streams = await InboundAsync();
        while (!condition(streams) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            streams = await InboundAsync();
        }

        return streams;
    }

    /// <summary>The tiles this page shows for <paramref name="participantId"/> (its camera tile, its screen shares).</summary>
    public async Task<IReadOnlyList<RoomTile>> TilesOfAsync(string participantId)
    {
        var json = await Page.EvaluateAsync<JsonElement>(TilesScript, participantId);
        return json.Deserialize<List<RoomTile>>(Json) ?? new List<RoomTile>();
    }

    /// <summary>Polls the tiles of <paramref name="participantId"/> until <paramref name="condition"/> holds or the timeout passes.</summary>
    public async Task<IReadOnlyList<RoomTile>> WaitForTilesAsync(string participantId, Func<IReadOnlyList<RoomTile>, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var tiles = await TilesOfAsync(participantId);
        while (!condition(tiles) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            tiles = await TilesOfAsync(participantId);
        }

        return tiles;
    }

    /// <summary>
    /// Starts recording every state of this page's tile of <paramref name="participantId"/> ('live', 'reconnecting',
    /// 'none') as it changes, since a drop and a resume may take less than a poll (<see cref="RecordedTileStatesAsync"/>).
    /// </summary>
    public async Task RecordTileStatesAsync(string participantId)
        => await Page.EvaluateAsync(@"(pid) => {
            window.__tileStates = [];
            const record = () => {
                const t = [...document.querySelectorAll('#grid .tile')].find(x => x.dataset.participantId === pid);
                window.__tileStates.push(t ? (t.classList.contains('reconnecting') ? 'reconnecting' : 'live') : 'none');
            };
            new MutationObserver(record).observe(document.getElementById('grid'), { subtree: true, attributes: true, childList: true });
        }", participantId);

    /// <summary>The tile states recorded since <see cref="RecordTileStatesAsync"/>.</summary>
    public async Task<string[]> RecordedTileStatesAsync() => await Page.EvaluateAsync<string[]>("window.__tileStates");

    /// <summary>A page condition: the recorded tile states include <paramref name="state"/>.</summary>
    public static string TileStateRecorded(string state) => $"() => window.__tileStates.includes('{state}')";

    /// <summary>The ids of the other participants the page's client knows.</summary>
    public async Task<IReadOnlyList<string>> KnownParticipantsAsync()
        => await Page.EvaluateAsync<string[]>("[...window.sfu.participants.keys()]");

    /// <summary>Clicks a control of the page (<c>#camera</c>, <c>#microphone</c>, <c>#screen</c>, <c>#leave</c>) and waits until it is enabled again.</summary>
    public async Task ClickAsync(string selector)
    {
        await Page.ClickAsync(selector);
        await Page.WaitForSelectorAsync(selector + ":not([disabled])", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 15000 });
    }

    /// <summary>
    /// Drops the signaling connection as a network failure would (its WebSocket closes abnormally); SignalR then
    /// reconnects by itself and the client resumes.
    /// </summary>
    public async Task DropSignalingAsync()
        => await Page.EvaluateAsync("() => window.__sfuSockets.filter(w => w.readyState === WebSocket.OPEN).forEach(w => w.close(4000, 'dropped by the test'))");

    /// <summary>Clicks Leave and waits until the client is disconnected.</summary>
    public async Task LeaveAsync()
    {
        await Page.ClickAsync("#leave");
        await WaitForPageAsync("() => window.sfu.connectionState === 'disconnected'", TimeSpan.FromSeconds(10), $"{Name} leaves");
    }

    /// <summary>Waits for a page condition; on timeout fails with the page's error line and connection state.</summary>
    public async Task WaitForPageAsync(string predicate, TimeSpan timeout, string what)
    {
        try
        {
            await Page.WaitForFunctionAsync(predicate, null, new PageWaitForFunctionOptions { Timeout = (float)timeout.TotalMilliseconds, PollingInterval = 100 });
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"Timed out after {timeout.TotalSeconds} s waiting until {what}. {await DescribeAsync()}");
        }
    }

    /// <summary>The page's state in a sentence, for failure messages.</summary>
    public async Task<string> DescribeAsync()
    {
        string state = await Page.EvaluateAsync<string>("window.sfu ? window.sfu.connectionState : 'no window.sfu'");
        string error = await Page.EvaluateAsync<string>("(document.getElementById('error') || {}).textContent || ''");
        return $"[{Name}] connection: {state}; page error line: '{error}'; page errors: [{string.Join(" | ", PageErrors)}]; console errors: [{string.Join(" | ", ConsoleErrors)}]";
    }

    /// <summary>Fails if the page threw or logged an error.</summary>
    public void AssertNoErrors()
    {
        Assert.True(PageErrors.Count == 0, $"[{Name}] page errors: {string.Join(" | ", PageErrors)}");
        Assert.True(ConsoleErrors.Count == 0, $"[{Name}] console errors: {string.Join(" | ", ConsoleErrors)}");
    }

    /// <summary>
    /// Makes the client's hub messages that expect no result (<c>send</c>, what it leaves with when the page goes
    /// away) vanish: the server hears only what the page's peer connections tell it.
    /// </summary>
    public async Task DropHubSendsAsync()
        => await Page.EvaluateAsync("() => { window.sfu.hub.send = () => Promise.resolve(); }");

    /// <summary>Closes this person's browser context (as closing a browser window or profile does).</summary>
    public async Task CloseContextAsync() => await Page.Context.CloseAsync();

    /// <summary>Closes this person's tab (its page); the context stays.</summary>
    public async Task ClosePageAsync() => await Page.CloseAsync();

    public async ValueTask DisposeAsync() => await Page.Context.CloseAsync();
}
