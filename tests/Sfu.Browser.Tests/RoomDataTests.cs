using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sfu.Browser.Tests.Infrastructure;
using Sfu.Core.Net;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Data;
using Sfu.Signaling.Rooms;

namespace Sfu.Browser.Tests;

/// <summary>
/// Room data between participants of the room page: messages through the server on the data channels of each
/// participant's publisher connection, the sender stamped by the server, reliable and lossy, with the size limit and the
/// canPublishData grant enforced.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RoomDataTests
{
    /// <summary>
    /// In every page: the payload of message i (size from 1 B to 64 KiB, spread log-uniformly, the first 1 B and the
    /// second 64 KiB; bytes from i and the offset) and a receiver that checks each message against it, in order.
    /// </summary>
    private const string Helpers = @"() => {
        window.dataTest = {
            size: i => i === 0 ? 1 : i === 1 ? 65536 : Math.max(1, Math.floor(Math.pow(65536, (i * 0.6180339887) % 1))),
            payload: i => { const n = window.dataTest.size(i); const b = new Uint8Array(n); for (let k = 0; k < n; k++) b[k] = (i * 7 + k * 13) & 255; return b; },
            check: (i, p) => { if (!(p instanceof Uint8Array) || p.length !== window.dataTest.size(i)) return false;
                               for (let k = 0; k < p.length; k++) if (p[k] !== ((i * 7 + k * 13) & 255)) return false; return true; },
            got: { reliable: 0, lossy: 0, lossySeen: new Set(), errors: [], other: [], refused: [] },
        };
        const t = window.dataTest;
        window.sfu.on('dataRefused', e => t.got.refused.push(e.reason + ': ' + e.message));
        window.sfu.on('data', e => {
            const m = /^(r|l)(\d+)$/.exec(e.topic);
            if (!m) { t.got.other.push({ sender: e.sender, topic: e.topic, payload: typeof e.payload === 'string' ? e.payload : 'bytes:' + e.payload.length, reliable: e.reliable, name: e.participant?.name ?? null }); return; }
            const i = Number(m[2]);
            if (m[1] === 'r') {
                if (!e.reliable) t.got.errors.push('r' + i + ' came on the lossy channel');
                else if (i !== t.got.reliable) t.got.errors.push('expected r' + t.got.reliable + ', got r' + i);
                else if (!t.check(i, e.payload)) t.got.errors.push('r' + i + ' corrupted (' + e.payload.length + ' bytes)');
                else t.got.reliable++;
            } else {
                if (e.reliable) t.got.errors.push('l' + i + ' came on the reliable channel');
                else if (t.got.lossySeen.has(i)) t.got.errors.push('l' + i + ' twice');
                else if (!t.check(i, e.payload)) t.got.errors.push('l' + i + ' corrupted (' + e.payload.length + ' bytes)');
                else { t.got.lossySeen.add(i); t.got.lossy++; }
            }
            if (e.sender !== window.dataTest.expectedSender) t.got.errors.push('sender ' + e.sender + ' for ' + e.topic);
        });
    }";

    private readonly BrowserFixture _fixture;

    public RoomDataTests(BrowserFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task TwoThousandReliableMessagesOfOneByteTo64KiBArriveCompleteAndInOrderAtBothOthers()
    {
        await using var server = new SfuServer(Limits());
        var (room, pages) = await JoinAsync(server, "alice", "bob", "carol");
        var (alice, bob, carol) = (pages[0], pages[1], pages[2]);
        string aliceId = await alice.EvaluateAsync<string>("() => window.sfu.participantId");
        string bobId = await bob.EvaluateAsync<string>("() => window.sfu.participantId");
        foreach (var p in new[] { bob, carol })
        {
            await p.EvaluateAsync("id => window.dataTest.expectedSender = id", aliceId);
        }

        const int Count = 2000;
        await alice.EvaluateAsync(@"async count => {
            for (let i = 0; i < count; i++) await window.sfu.sendData(window.dataTest.payload(i), { topic: 'r' + i });
        }", Count);
        // Then one to bob only, and a text message to everyone: carol gets the text after skipping bob's.
        await alice.EvaluateAsync(@"async bob => {
            await window.sfu.sendData('for bob', { topic: 'private', destinations: [bob] });
            await window.sfu.sendData('héllo ✓', { topic: 'text' });
        }", bobId);

        foreach (var (page, name) in new[] { (bob, "bob"), (carol, "carol") })
        {
            await WaitAsync(page, "() => window.dataTest.got.reliable >= 2000 && window.dataTest.got.other.some(o => o.topic === 'text') || window.dataTest.got.errors.length > 0", TimeSpan.FromSeconds(90));
            var errors = await page.EvaluateAsync<string[]>("() => window.dataTest.got.errors.slice(0, 5)");
            Assert.True(errors.Length == 0, $"{name}: {string.Join("; ", errors)}");
            Assert.Equal(Count, await page.EvaluateAsync<int>("() => window.dataTest.got.reliable"));
        }

        var bobOther = await bob.EvaluateAsync<string[]>("() => window.dataTest.got.other.map(o => o.topic + '=' + o.payload + ' from ' + o.name)");
        var carolOther = await carol.EvaluateAsync<string[]>("() => window.dataTest.got.other.map(o => o.topic + '=' + o.payload + ' from ' + o.name)");
        Assert.Equal(new[] { "private=for bob from alice", "text=héllo ✓ from alice" }, bobOther);
        Assert.Equal(new[] { "text=héllo ✓ from alice" }, carolOther);

        var counts = await EndpointsAsync(server, room, e => (e.Participant.Name, e.Sent, e.Received));
        Assert.Contains(("alice", (long)Count + 2, 0L), counts);
        await CloseAsync(pages);
    }

    [Fact]
    public async Task LossyMessagesUnderFivePercentLossArriveUncorruptedSomeLostNoneRetransmitted()
    {
        await using var server = new SfuServer(Limits());
        var (room, pages) = await JoinAsync(server, "alice", "bob");
        var (alice, bob) = (pages[0], pages[1]);
        await bob.EvaluateAsync("id => window.dataTest.expectedSender = id", await alice.EvaluateAsync<string>("() => window.sfu.participantId"));
        await bob.EvaluateAsync("() => window.dataTest.size = i => 1 + (i * 97) % 3072");
        var before = await ServerSideAsync(server, room, "bob");

        const int Count = 1000;
        // Every UDP port of bob's publisher connection: Chromium may move to another candidate pair (another of its
        // host candidates) after the data channels opened, and the loss must follow it.
        int bobPort = await PublisherPortAsync(server, room, "bob");
        var bobPorts = (await bob.EvaluateAsync<int[]>(@"async () => {
            const ports = new Set();
            (await window.sfu.publisherPc.getStats()).forEach(s => { if (s.type === 'local-candidate' && s.protocol === 'udp' && s.port) ports.add(s.port); });
            return [...ports];
        }")).Append(bobPort).Distinct().ToList();
        string ruleAfter;
        using (var loss = new PacketLossRule(bobPorts, oneIn: 20))
        {
            // Messages of 1 B to 3 KiB (up to three SCTP fragments), 20 per 10 ms: well within the congestion window.
            await alice.EvaluateAsync(@"async count => {
                window.dataTest.size = i => 1 + (i * 97) % 3072;
                for (let i = 0; i < count; i++) {
                    await window.sfu.sendData(window.dataTest.payload(i), { topic: 'l' + i, reliable: false });
                    if (i % 20 === 19) await new Promise(r => setTimeout(r, 10));
                }
            }", Count);
            // Until the server has sent (or abandoned) everything it took for bob, still through the lossy link.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (await BufferedTowardsAsync(server, room, "bob") > 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            await Task.Delay(1000);
            ruleAfter = $"the rule on bob's ports {string.Join(", ", bobPorts)} (bob's publisher port is {await PublisherPortAsync(server, room, "bob")} now): {loss.Describe()}";
        }

        int received = await bob.EvaluateAsync<int>("() => window.dataTest.got.lossy");
        var errors = await bob.EvaluateAsync<string[]>("() => window.dataTest.got.errors.slice(0, 5)");
        var after = await ServerSideAsync(server, room, "bob");
        Assert.True(errors.Length == 0, string.Join("; ", errors));
        Assert.True(received < Count, $"all {Count} lossy messages arrived through 5 % loss; {ruleAfter}");
        // Of what the server sent bob, most arrived. (Under loss the association's congestion window shrinks, and what
        // does not fit bob's send buffer meanwhile is dropped at the server and counted as Full, checked below.)
        long sentToBob = after.Delivered - before.Delivered;
        Assert.True(received > sentToBob * 0.8 && sentToBob > Count / 4, $"only {received} of the {sentToBob} lossy messages the server sent (of {Count}) arrived through 5 % loss; the server: {after} (before {before})");
        // Every message reached bob's association, or was dropped at the server because bob's send buffer was full.
        Assert.Equal(Count, (after.Delivered - before.Delivered) + (after.Full - before.Full));
        Assert.True(received <= after.Delivered - before.Delivered);
        Assert.Equal(0, after.Retransmissions - before.Retransmissions);
        Assert.True(after.Abandoned - before.Abandoned > 0 || after.ForwardTsn - before.ForwardTsn > 0,
            "nothing was abandoned although messages were lost");
        await CloseAsync(pages);
    }

    [Fact]
    public async Task AnOverSizeMessageIsRefusedWithAClearErrorByTheClientAndTheServer()
    {
        await using var server = new SfuServer(Limits(maxBytes: 1000));
        var (room, pages) = await JoinAsync(server, "alice", "bob");
        var (alice, bob) = (pages[0], pages[1]);

        string error = await alice.EvaluateAsync<string>(
            "async () => { try { await window.sfu.sendData(new Uint8Array(1001)); return 'sent'; } catch (e) { return e.message; } }");
        Assert.Equal("The data message is 1001 bytes; this room allows at most 1000 bytes per message.", error);

        // A client that does not check (its limits changed behind its back) is refused by the server: dropped, counted, told once.
        await alice.EvaluateAsync(@"async () => {
            window.sfu.dataLimits.maxMessageBytes = 1 << 20;
            await window.sfu.sendData(new Uint8Array(1001), { topic: 'big1' });
            await window.sfu.sendData(new Uint8Array(2000), { topic: 'big2' });
            await window.sfu.sendData(new Uint8Array(1000), { topic: 'fits' });
        }");
        await WaitAsync(bob, "() => window.dataTest.got.other.length > 0", TimeSpan.FromSeconds(10));
        await WaitAsync(alice, "() => window.dataTest.got.refused.length > 0", TimeSpan.FromSeconds(10));
        Assert.Equal(new[] { "fits" }, await bob.EvaluateAsync<string[]>("() => window.dataTest.got.other.map(o => o.topic)"));
        await Task.Delay(500);
        Assert.Equal(
            new[] { "too_large: A data message of 1001 bytes is over this room's limit of 1000 bytes; it was dropped." },
            await alice.EvaluateAsync<string[]>("() => window.dataTest.got.refused"));
        var dropped = await EndpointsAsync(server, room, e => (e.Participant.Name, e.Dropped(DataDropReason.TooLarge)));
        Assert.Contains(("alice", 2L), dropped);
        await CloseAsync(pages);
    }

    [Fact]
    public async Task AParticipantWithoutCanPublishDataIsRefusedAndCounted()
    {
        await using var server = new SfuServer(Limits());
        long counted = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "sfu.data.dropped")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "reason" && (string?)tag.Value == "not_allowed")
                {
                    Interlocked.Add(ref counted, value);
                }
            }
        });
        listener.Start();

        var (room, pages) = await JoinAsync(server, "alice", "bob", "mallory");
        var (alice, bob, mallory) = (pages[0], pages[1], pages[2]);
        string malloryId = await mallory.EvaluateAsync<string>("() => window.sfu.participantId");
        Assert.True(Room(server, room).Snapshot.Find(malloryId) is not null);
        await Room(server, room).UpdateParticipantAsync(malloryId, null, new ParticipantGrants(CanPublishData: false));

        await mallory.EvaluateAsync("async () => { for (let i = 0; i < 5; i++) await window.sfu.sendData('spam ' + i, { topic: 'spam' }); }");
        await WaitAsync(mallory, "() => window.dataTest.got.refused.length > 0", TimeSpan.FromSeconds(10));
        await alice.EvaluateAsync("async () => await window.sfu.sendData('still here', { topic: 'after' })");
        await WaitAsync(bob, "() => window.dataTest.got.other.some(o => o.topic === 'after')", TimeSpan.FromSeconds(10));

        Assert.Equal(new[] { "after" }, await bob.EvaluateAsync<string[]>("() => window.dataTest.got.other.map(o => o.topic)"));
        Assert.DoesNotContain("spam", await alice.EvaluateAsync<string[]>("() => window.dataTest.got.other.map(o => o.topic)"));
        Assert.Equal(
            new[] { "not_allowed: Not allowed to send data: the join token lacks the canPublishData grant. Data messages are dropped." },
            await mallory.EvaluateAsync<string[]>("() => window.dataTest.got.refused"));
        var dropped = await EndpointsAsync(server, room, e => (e.Participant.Name, e.Dropped(DataDropReason.NotAllowed), e.Sent));
        Assert.Contains(("mallory", 5L, 0L), dropped);
        listener.RecordObservableInstruments();
        Assert.True(Interlocked.Read(ref counted) >= 5, $"sfu.data.dropped{{reason=not_allowed}} counted {counted}");
        await CloseAsync(pages);
    }

    [Fact]
    public async Task TheAdminApiSendsToTheRoomAndToChosenParticipantsAsTheServer()
    {
        await using var server = new SfuServer(Limits());
        var (room, pages) = await JoinAsync(server, "alice", "bob");
        var (alice, bob) = (pages[0], pages[1]);
        string bobId = await bob.EvaluateAsync<string>("() => window.sfu.participantId");
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("devkey:devsecret-change-me-0123456789abcdef")));

        var toRoom = await http.PostAsJsonAsync($"/api/rooms/{room}/data", new { text = "to everyone", topic = "admin" });
        Assert.Equal("{\"delivered\":2}", await toRoom.Content.ReadAsStringAsync());
        var toBob = await http.PostAsJsonAsync($"/api/rooms/{room}/data", new { base64 = Convert.ToBase64String(new byte[] { 1, 2, 3 }), topic = "admin-bob", reliable = false, destinations = new[] { bobId } });
        Assert.Equal("{\"delivered\":1}", await toBob.Content.ReadAsStringAsync());
        var tooLarge = await http.PostAsJsonAsync($"/api/rooms/{room}/data", new { text = new string('x', 65537) });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, tooLarge.StatusCode);
        Assert.Contains("limited to 65536", await tooLarge.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await WaitAsync(bob, "() => window.dataTest.got.other.length >= 2", TimeSpan.FromSeconds(10));
        await WaitAsync(alice, "() => window.dataTest.got.other.length >= 1", TimeSpan.FromSeconds(10));
        const string Seen = "() => window.dataTest.got.other.map(o => o.topic + '=' + o.payload + ' from ' + o.sender).sort()";
        Assert.Equal(new[] { "admin-bob=bytes:3 from null", "admin=to everyone from null" }, await bob.EvaluateAsync<string[]>(Seen));
        Assert.Equal(new[] { "admin=to everyone from null" }, await alice.EvaluateAsync<string[]>(Seen));
        await CloseAsync(pages);
    }

    [Fact]
    public async Task ASenderOverItsRateIsToldOnceItsExcessIsDroppedAndCountedAndItSendsAgainOnceTheRateAllows()
    {
        await using var server = new SfuServer(Limits(messagesPerSecond: 50));
        var (room, pages) = await JoinAsync(server, "alice", "bob");
        var (alice, bob) = (pages[0], pages[1]);
        await bob.EvaluateAsync("id => window.dataTest.expectedSender = id", await alice.EvaluateAsync<string>("() => window.sfu.participantId"));
        foreach (var page in pages)
        {
            await page.EvaluateAsync("() => window.dataTest.size = i => 10 + i % 50");
        }

        // 400 messages as fast as the page sends them: the server takes the bucket's second (50) plus what refills
        // meanwhile, and drops the rest.
        const int Count = 400;
        await alice.EvaluateAsync("async count => { for (let i = 0; i < count; i++) await window.sfu.sendData(window.dataTest.payload(i), { topic: 'x' + i }); }", Count);
        await WaitAsync(alice, "() => window.dataTest.got.refused.length > 0", TimeSpan.FromSeconds(10));
        var (_, sent, rateLimited) = (await EndpointsAsync(server, room, e => (e.Participant.Name, e.Sent, e.Dropped(DataDropReason.RateLimited)))).Single(e => e.Name == "alice");
        Assert.Equal(Count, sent + rateLimited);
        Assert.True(sent >= 50 && rateLimited > 0, $"the server relayed {sent} and dropped {rateLimited} of {Count} messages over a rate of 50 per second");
        await WaitAsync(bob, $"() => window.dataTest.got.other.length >= {sent}", TimeSpan.FromSeconds(10));
        Assert.Equal(sent, await bob.EvaluateAsync<int>("() => window.dataTest.got.other.length"));

        // Once the bucket has refilled, the sender's messages go through again; it was told once, not per message.
        await Task.Delay(1500);
        await alice.EvaluateAsync("async () => await window.sfu.sendData('after the pause', { topic: 'after' })");
        await WaitAsync(bob, "() => window.dataTest.got.other.some(o => o.topic === 'after')", TimeSpan.FromSeconds(10));
        Assert.Equal(
            new[] { "rate_limited: Over this room's data rate of 50 messages and 1000000000 bytes per second; messages over it are dropped." },
            await alice.EvaluateAsync<string[]>("() => window.dataTest.got.refused"));
        await CloseAsync(pages);
    }

    [Fact]
    public async Task AReceiverThatTakesNothingLosesWhatItCannotTakeAndTheOthersStillGetEverythingInOrder()
    {
        await using var server = new SfuServer(Limits());
        var (room, pages) = await JoinAsync(server, "alice", "bob", "carol");
        var (alice, bob, carol) = (pages[0], pages[1], pages[2]);
        string aliceId = await alice.EvaluateAsync<string>("() => window.sfu.participantId");
        foreach (var page in pages)
        {
            await page.EvaluateAsync("id => { window.dataTest.expectedSender = id; window.dataTest.size = i => 2048; }", aliceId);
        }

        // Nothing the server sends reaches carol's publisher connection (every UDP candidate port of it): her association
        // stops acknowledging, the server's send buffer towards her (1 MiB) fills with alice's 4 MB, and the rest waits
        // in her queue until the server gives up on her (RoomDataRouter.StuckReceiverMs).
        int carolPort = await PublisherPortAsync(server, room, "carol");
        var carolPorts = (await carol.EvaluateAsync<int[]>(@"async () => {
            const ports = new Set();
            (await window.sfu.publisherPc.getStats()).forEach(s => { if (s.type === 'local-candidate' && s.protocol === 'udp' && s.port) ports.add(s.port); });
            return [...ports];
        }")).Append(carolPort).Distinct().ToList();
        const int Count = 2000;
        string rule;
        using (var stuck = new PacketLossRule(carolPorts, oneIn: 1))
        {
            await alice.EvaluateAsync("async count => { for (let i = 0; i < count; i++) await window.sfu.sendData(window.dataTest.payload(i), { topic: 'r' + i }); }", Count);
            await WaitAsync(bob, $"() => window.dataTest.got.reliable >= {Count} || window.dataTest.got.errors.length > 0", TimeSpan.FromSeconds(60));
            // What waits for carol is dropped once it has waited RoomDataRouter.StuckReceiverMs (her queue holds alice's
            // window down until then).
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (await ServerSideAsync(server, room, "carol") is var side && side.Delivered + side.Full < Count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            rule = stuck.Describe();
        }

        var errors = await bob.EvaluateAsync<string[]>("() => window.dataTest.got.errors.slice(0, 5)");
        Assert.True(errors.Length == 0, string.Join("; ", errors));
        Assert.Equal(Count, await bob.EvaluateAsync<int>("() => window.dataTest.got.reliable"));
        var carolSide = await ServerSideAsync(server, room, "carol");
        Assert.True(carolSide.Full > 0, $"nothing was dropped for carol although she took nothing: {carolSide}; {rule}");
        Assert.True(carolSide.Delivered + carolSide.Full == Count, $"the server neither handed to carol's association nor dropped some of alice's {Count} messages: {carolSide}; {rule}");
        await CloseAsync(pages);
    }

    private static Dictionary<string, string?> Limits(int maxBytes = 65536, int messagesPerSecond = 1000000) => new()
    {
        ["Sfu:Rooms:Data:MaxMessageBytes"] = maxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Sfu:Rooms:Data:MessagesPerSecond"] = messagesPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Sfu:Rooms:Data:BytesPerSecond"] = "1000000000",
    };

    /// <summary>Opens the room page for each name (no camera or microphone, data on) and waits until each has its data channels and sees the others.</summary>
    private async Task<(string Room, IPage[] Pages)> JoinAsync(SfuServer server, params string[] names)
    {
        var room = "data" + Guid.NewGuid().ToString("N")[..8];
        var pages = new List<IPage>();
        foreach (var name in names)
        {
            var page = await ServerView.OpenAsync(_fixture.Browser, server, $"/?room={room}&name={name}&autojoin=1&camera=0&mic=0&data=1");
            await page.WaitForFunctionAsync("() => window.sfu && window.sfu.participantId");
            await page.EvaluateAsync(Helpers);
            pages.Add(page);
        }

        foreach (var page in pages)
        {
            await WaitAsync(page, $"() => window.sfu.dataLimits !== null && window.sfu.participants.size === {names.Length - 1}", TimeSpan.FromSeconds(20));
        }

        // Everyone's channels are open at the server too, so nothing sent next misses a receiver.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while ((await EndpointsAsync(server, room, e => e.Reliable is not null && e.Lossy is not null)).Count(open => open) < names.Length)
        {
            Assert.True(DateTime.UtcNow < deadline, "the server did not see every participant's data channels open");
            await Task.Delay(100);
        }

        return (room, pages.ToArray());
    }

    private static async Task WaitAsync(IPage page, string condition, TimeSpan timeout)
        => await page.WaitForFunctionAsync(condition, null, new PageWaitForFunctionOptions { Timeout = (float)timeout.TotalMilliseconds, PollingInterval = 100 });

    private static Room Room(SfuServer server, string room)
    {
        Assert.True(server.Services.GetRequiredService<RoomManager>().TryGet(room, out var r), $"room {room} does not exist");
        return r!;
    }

    private static Task<List<T>> EndpointsAsync<T>(SfuServer server, string room, Func<DataEndpoint, T> read)
    {
        var r = Room(server, room);
        return r.Worker.InvokeAsync(() => r.DataRouter?.Endpoints.Select(read).ToList() ?? new List<T>());
    }

    /// <summary>What the server sent to <paramref name="name"/> on its data channels.</summary>
    private static Task<(long Delivered, long Retransmissions, long Abandoned, long ForwardTsn, long Full, long Timeouts, long Chunks)> ServerSideAsync(SfuServer server, string room, string name)
    {
        var r = Room(server, room);
        return r.Worker.InvokeAsync(() =>
        {
            var e = r.DataRouter!.Endpoints.Single(x => x.Participant.Name == name);
            var stats = e.Participant.Publisher!.DataChannels!.Association.Stats;
            return (e.Received, stats.Retransmissions, stats.AbandonedMessages, stats.ForwardTsnSent, e.Dropped(DataDropReason.ReceiverBufferFull), stats.RetransmissionTimeouts, stats.DataChunksSent);
        });
    }

    private static Task<int> BufferedTowardsAsync(SfuServer server, string room, string name)
    {
        var r = Room(server, room);
        return r.Worker.InvokeAsync(() => r.DataRouter!.Endpoints.Single(x => x.Participant.Name == name).Participant.Publisher!.DataChannels!.Association.BufferedAmount);
    }

    /// <summary>The local UDP port of a participant's publisher connection (which carries its data channels), as the server sees it.</summary>
    private static async Task<int> PublisherPortAsync(SfuServer server, string room, string participant)
    {
        var r = Room(server, room);
        var transport = await r.InspectAsync(ps => ps.Single(p => p.Name == participant).Publisher)
            ?? throw new InvalidOperationException($"{participant} has no publisher transport");
        var address = await r.Worker.InvokeAsync(() => transport.RemoteAddress)
            ?? throw new InvalidOperationException($"{participant} has no connected transport");
        return address.GetPort();
    }

    private static async Task CloseAsync(IEnumerable<IPage> pages)
    {
        foreach (var page in pages)
        {
            await page.Context.CloseAsync();
        }
    }
}
