using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Sfu.Server.Tests.Auth;
using Sfu.Server.Tests.Hubs;
using Sfu.Signaling.Contracts;

namespace Sfu.Server.Tests.Admin;

/// <summary>Every admin REST operation through the real host: authentication, validation, rooms, participants.</summary>
public sealed class AdminApiTests : IClassFixture<SfuTestHost>
{
    private readonly SfuTestHost _host;

    public AdminApiTests(SfuTestHost host) => _host = host;

    private static string Room() => "a" + Guid.NewGuid().ToString("N")[..10];

    private HttpClient Admin()
    {
        var http = _host.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestJwt.DevKey}:{TestJwt.DevSecret}")));
        return http;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => (await response.Content.ReadFromJsonAsync<JsonElement>())!;

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutValidCredentialsTheApiAnswers401And403()
    {
        var http = _host.CreateClient();
        var none = await http.GetAsync("/api/rooms");
        await AssertProblemAsync(none, HttpStatusCode.Unauthorized, "Send an admin token");
        Assert.Contains("Basic", none.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("devkey:wrong")));
        await AssertProblemAsync(await http.GetAsync("/api/rooms"), HttpStatusCode.Unauthorized, "The API key or secret is wrong.");

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestJwt.Make(TestJwt.Claims("*", expiresIn: TimeSpan.FromMinutes(-10), admin: true)));
        await AssertProblemAsync(await http.GetAsync("/api/rooms"), HttpStatusCode.Unauthorized, "the token expired");

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestJwt.Make(TestJwt.Claims("*")));
        await AssertProblemAsync(await http.GetAsync("/api/rooms"), HttpStatusCode.Forbidden, "lacks the roomAdmin grant");

        // A room admin token manages its own room only.
        var room = Room();
        await Admin().PostAsJsonAsync("/api/rooms", new { name = room });
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestJwt.Make(TestJwt.Claims(room, admin: true)));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/rooms/{room}")).StatusCode);
        await AssertProblemAsync(await http.GetAsync("/api/rooms"), HttpStatusCode.Forbidden, "administers room '" + room + "' only");
        await AssertProblemAsync(await http.GetAsync("/api/rooms/someother"), HttpStatusCode.Forbidden, "administers room");

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestJwt.Make(TestJwt.Claims("*", admin: true)));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/rooms")).StatusCode);
        await Admin().DeleteAsync($"/api/rooms/{room}");
    }

    [Fact]
    public async Task RoomsAreCreatedListedReadAndDeleted()
    {
        var admin = Admin();
        var room = Room();
        var created = await admin.PostAsJsonAsync("/api/rooms", new { name = room, maxParticipants = 1, emptyTimeout = 60, metadata = "{\"topic\":\"x\"}" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/rooms/{room}", created.Headers.Location?.ToString());
        var body = await JsonAsync(created);
        Assert.Equal(room, body.GetProperty("name").GetString());
        Assert.Equal(1, body.GetProperty("maxParticipants").GetInt32());
        Assert.Equal(60, body.GetProperty("emptyTimeout").GetInt32());
        Assert.Equal("{\"topic\":\"x\"}", body.GetProperty("metadata").GetString());

        await AssertProblemAsync(await admin.PostAsJsonAsync("/api/rooms", new { name = room }), HttpStatusCode.Conflict, "already exists");

        var list = await JsonAsync(await admin.GetAsync("/api/rooms"));
        Assert.Contains(list.EnumerateArray(), r => r.GetProperty("name").GetString() == room);
        var one = await JsonAsync(await admin.GetAsync($"/api/rooms/{room}"));
        Assert.Equal(0, one.GetProperty("numParticipants").GetInt32());
        var patched = await JsonAsync(await admin.PatchAsJsonAsync($"/api/rooms/{room}", new { metadata = "new topic" }));
        Assert.Equal("new topic", patched.GetProperty("metadata").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PatchAsJsonAsync($"/api/rooms/{room}", new { })).StatusCode);
        await AssertProblemAsync(await admin.PatchAsJsonAsync("/api/rooms/nosuchroom", new { metadata = "x" }), HttpStatusCode.NotFound, "There is no room");

        // The room's own participant limit applies to joins.
        await using var first = await HubTestClient.ConnectAsync(_host);
        await using var second = await HubTestClient.ConnectAsync(_host);
        await first.JoinAsync(room, "First");
        var full = await Assert.ThrowsAsync<HubException>(() => second.JoinAsync(room, "Second"));
        Assert.Contains("is full (1 participants)", full.Message, StringComparison.Ordinal);

        // An admin-created room stays open when its last participant leaves (empty timeout).
        await first.Connection.InvokeAsync("Leave");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/rooms/{room}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/rooms/{room}")).StatusCode);
        await AssertProblemAsync(await admin.GetAsync($"/api/rooms/{room}"), HttpStatusCode.NotFound, $"There is no room '{room}'.");
        await AssertProblemAsync(await admin.DeleteAsync($"/api/rooms/{room}"), HttpStatusCode.NotFound, "There is no room");
    }

    [Fact]
    public async Task BadBodiesAreRefusedWithFieldErrors()
    {
        var admin = Admin();
        var bad = await admin.PostAsJsonAsync("/api/rooms", new { name = "has space", maxParticipants = 0, emptyTimeout = -1, metadata = new string('m', 5000) });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await JsonAsync(bad)).GetProperty("errors");
        Assert.Contains("room must be 1-64 characters", errors.GetProperty("name")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("maxParticipants must be 1-10000.", errors.GetProperty("maxParticipants")[0].GetString());
        Assert.Equal("emptyTimeout must be 0-86400 seconds.", errors.GetProperty("emptyTimeout")[0].GetString());
        Assert.Contains("at most 4096", errors.GetProperty("metadata")[0].GetString(), StringComparison.Ordinal);

        var malformed = await admin.PostAsync("/api/rooms", new StringContent("{\"name\":", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var wrongType = await admin.PostAsync("/api/rooms", new StringContent("{\"name\":\"ok\",\"maxParticipants\":\"many\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);

        var room = Room();
        await using var client = await HubTestClient.ConnectAsync(_host);
        var me = await client.JoinAsync(room, "Pat");
        var noFields = await admin.PatchAsJsonAsync($"/api/rooms/{room}/participants/{me.ParticipantId}", new { });
        Assert.Equal(HttpStatusCode.BadRequest, noFields.StatusCode);
        Assert.Contains("at least one of them", await noFields.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var noMuted = await admin.PostAsJsonAsync($"/api/rooms/{room}/participants/{me.ParticipantId}/tracks/TR_x/mute", new { });
        Assert.Equal(HttpStatusCode.BadRequest, noMuted.StatusCode);
        Assert.Contains("\"muted\"", await noMuted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownRoomsAndParticipantsAre404()
    {
        var admin = Admin();
        await AssertProblemAsync(await admin.GetAsync("/api/rooms/nosuchroom/participants"), HttpStatusCode.NotFound, "There is no room 'nosuchroom'.");
        await AssertProblemAsync(await admin.GetAsync("/api/rooms/nosuchroom/participants/PA_x"), HttpStatusCode.NotFound, "There is no room");
        await AssertProblemAsync(await admin.DeleteAsync("/api/rooms/nosuchroom/participants/PA_x"), HttpStatusCode.NotFound, "There is no room");
        await AssertProblemAsync(await admin.PatchAsJsonAsync("/api/rooms/nosuchroom/participants/PA_x", new { metadata = "m" }), HttpStatusCode.NotFound, "There is no room");
        await AssertProblemAsync(await admin.PostAsJsonAsync("/api/rooms/nosuchroom/participants/PA_x/tracks/TR_x/mute", new { muted = true }), HttpStatusCode.NotFound, "There is no room");
        await AssertProblemAsync(await admin.GetAsync("/api/rooms/nosuchroom/participants/PA_x/stats"), HttpStatusCode.NotFound, "There is no room");

        var room = Room();
        await using var client = await HubTestClient.ConnectAsync(_host);
        await client.JoinAsync(room, "Quinn");
        await AssertProblemAsync(await admin.GetAsync($"/api/rooms/{room}/participants/PA_nobody"), HttpStatusCode.NotFound, $"Room '{room}' has no participant 'PA_nobody'.");
        await AssertProblemAsync(await admin.DeleteAsync($"/api/rooms/{room}/participants/PA_nobody"), HttpStatusCode.NotFound, "has no participant");
        await AssertProblemAsync(await admin.GetAsync($"/api/rooms/{room}/participants/PA_nobody/stats"), HttpStatusCode.NotFound, "has no participant");
    }

    [Fact]
    public async Task ParticipantsAreListedUpdatedMutedMeasuredAndRemoved()
    {
        var admin = Admin();
        var room = Room();
        await using var alice = await HubTestClient.ConnectAsync(_host, TestJwt.Make(TestJwt.Claims(room, sub: "alice")));
        await using var bob = await HubTestClient.ConnectAsync(_host);
        var a = await alice.JoinAsync(room, "Alice");
        var b = await bob.JoinAsync(room, "Bob");
        var published = await alice.PublishAsync(
            BrowserOffers.SendRecv,
            new("0", "audio", TrackSources.Microphone),
            new("1", "video", TrackSources.Camera));
        var video = published.TrackIds["1"];

        var list = await JsonAsync(await admin.GetAsync($"/api/rooms/{room}/participants"));
        Assert.Equal(new[] { a.ParticipantId, b.ParticipantId }, list.EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToArray());
        var one = await JsonAsync(await admin.GetAsync($"/api/rooms/{room}/participants/{a.ParticipantId}"));
        Assert.Equal("alice", one.GetProperty("identity").GetString());
        Assert.Equal("connected", one.GetProperty("state").GetString());
        Assert.Equal(2, one.GetProperty("tracks").GetArrayLength());
        Assert.True(one.GetProperty("grants").GetProperty("canPublish").GetBoolean());

        // Mute Alice's camera: Bob and Alice are told.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync($"/api/rooms/{room}/participants/{a.ParticipantId}/tracks/{video}/mute", new { muted = true })).StatusCode);
        var muted = await bob.WaitForAsync("TrackMuted", x => (string)x[1]! == video);
        Assert.Equal(true, muted[2]);
        await alice.WaitForAsync("TrackMuted", x => (string)x[1]! == video && (bool)x[2]!);
        await AssertProblemAsync(
            await admin.PostAsJsonAsync($"/api/rooms/{room}/participants/{a.ParticipantId}/tracks/TR_none/mute", new { muted = true }), HttpStatusCode.NotFound, "publishes no track 'TR_none'");

        // Stats: one entry per published track (received) on Alice, and per subscribed track on Bob.
        var stats = await JsonAsync(await admin.GetAsync($"/api/rooms/{room}/participants/{a.ParticipantId}/stats"));
        var tracks = stats.GetProperty("tracks").EnumerateArray().ToList();
        Assert.Equal(2, tracks.Count(t => t.GetProperty("direction").GetString() == "in"));
        Assert.Contains(tracks, t => t.GetProperty("trackId").GetString() == video && t.GetProperty("muted").GetBoolean());
        var camera = tracks.Single(t => t.GetProperty("trackId").GetString() == video);
        var layer = Assert.Single(camera.GetProperty("receivedLayers").EnumerateArray()); // no simulcast: one stream without a rid
        Assert.Equal(JsonValueKind.Null, layer.GetProperty("rid").ValueKind);
        Assert.False(layer.GetProperty("live").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/rooms/{room}/participants/{b.ParticipantId}/stats")).StatusCode);

        // Metadata and grants: taking canPublish away makes Alice's next publish fail.
        var patched = await admin.PatchAsJsonAsync($"/api/rooms/{room}/participants/{a.ParticipantId}",
            new { metadata = "muted by moderator", grants = new { canPublish = false, canSubscribe = true, canPublishData = false, roomAdmin = false } });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var after = await JsonAsync(patched);
        Assert.Equal("muted by moderator", after.GetProperty("metadata").GetString());
        Assert.False(after.GetProperty("grants").GetProperty("canPublish").GetBoolean());
        var refused = await Assert.ThrowsAsync<HubException>(() => alice.PublishAsync(BrowserOffers.SendRecv));
        Assert.Contains("lacks the canPublish grant", refused.Message, StringComparison.Ordinal);

        // Removing Bob: he is told, the hub drops him, Alice hears he left.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/rooms/{room}/participants/{b.ParticipantId}")).StatusCode);
        Assert.Equal("removed by an admin", (await bob.WaitForAsync("Disconnected"))[0]);
        Assert.Equal(b.ParticipantId, (await alice.WaitForAsync("ParticipantLeft"))[0]);
        var gone = await Assert.ThrowsAsync<HubException>(() => bob.Connection.InvokeAsync("SetTrackMuted", new MuteRequest("TR_x", true)));
        Assert.Contains("Join a room first", gone.Message, StringComparison.Ordinal);
        Assert.Single((await JsonAsync(await admin.GetAsync($"/api/rooms/{room}/participants"))).EnumerateArray());
    }

    [Fact]
    public async Task StatsShowEachReceivedLayerAndTheLayerDecisionsOfEachSubscriber()
    {
        var admin = Admin();
        var room = Room();
        await using var alice = await HubTestClient.ConnectAsync(_host);
        await using var bob = await HubTestClient.ConnectAsync(_host);
        var a = await alice.JoinAsync(room, "Alice");
        var b = await bob.JoinAsync(room, "Bob");
        var published = await alice.PublishAsync(
            BrowserOffers.Simulcast,
            new("0", "audio", TrackSources.Microphone),
            new("1", "video", TrackSources.Camera, null, 1280, 720));
        var video = published.TrackIds["1"];
        await bob.AnswerOfferAsync(o => o.Tracks.Count == 2);
        await bob.Connection.InvokeAsync("SetSubscriptionPreference", new SubscriptionPreference(video, MaxSpatialLayer: 1));

        // Alice's camera as the server receives it: the three rids, highest first, none sending yet.
        var aliceStats = (await JsonAsync(await admin.GetAsync($"/api/rooms/{room}/participants/{a.ParticipantId}/stats"))).GetProperty("tracks").EnumerateArray().ToList();
        var camera = aliceStats.Single(t => t.GetProperty("trackId").GetString() == video && t.GetProperty("direction").GetString() == "in");
        Assert.Equal(3, camera.GetProperty("layers").GetInt32());
        var layers = camera.GetProperty("receivedLayers").EnumerateArray().ToList();
        Assert.Equal(new[] { "h", "m", "l" }, layers.Select(l => l.GetProperty("rid").GetString()).ToArray());
        Assert.Equal(new[] { 2, 1, 0 }, layers.Select(l => l.GetProperty("quality").GetInt32()).ToArray());
        Assert.All(layers, l =>
        {
            Assert.Equal(JsonValueKind.Null, l.GetProperty("ssrc").ValueKind);
            Assert.Equal(0, l.GetProperty("packets").GetInt64());
            Assert.Equal(0, l.GetProperty("bytes").GetInt64());
            Assert.Equal(0, l.GetProperty("bitrateBps").GetInt64());
            Assert.Equal(0, l.GetProperty("width").GetInt32());
            Assert.Equal(0, l.GetProperty("height").GetInt32());
            Assert.False(l.GetProperty("live").GetBoolean());
        });
        var microphone = aliceStats.Single(t => t.GetProperty("kind").GetString() == "audio");
        var single = Assert.Single(microphone.GetProperty("receivedLayers").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, single.GetProperty("rid").ValueKind);
        Assert.Equal(0, single.GetProperty("quality").GetInt32());
        Assert.Equal(JsonValueKind.Null, camera.GetProperty("targetLayer").ValueKind); // out-only fields are null on "in"

        // Bob's copy of it: his preference, no bandwidth feedback yet (no estimate, no allocator), nothing switched or resent.
        var bobStats = (await JsonAsync(await admin.GetAsync($"/api/rooms/{room}/participants/{b.ParticipantId}/stats"))).GetProperty("tracks").EnumerateArray().ToList();
        var received = bobStats.Single(t => t.GetProperty("trackId").GetString() == video);
        Assert.Equal("out", received.GetProperty("direction").GetString());
        Assert.Equal(3, received.GetProperty("layers").GetInt32());
        Assert.Equal(1, received.GetProperty("preferredMaxLayer").GetInt32());
        Assert.Equal(JsonValueKind.Null, received.GetProperty("preferredMaxWidth").ValueKind);
        Assert.False(received.GetProperty("paused").GetBoolean());
        Assert.Equal(JsonValueKind.Null, received.GetProperty("allocatedLayer").ValueKind);
        Assert.Equal(JsonValueKind.Null, received.GetProperty("bandwidthEstimateBps").ValueKind);
        Assert.Equal("preferred", received.GetProperty("allocationReason").GetString());
        Assert.False(received.GetProperty("pausedByAllocator").GetBoolean());
        Assert.Equal(0, received.GetProperty("layerSwitches").GetInt64());
        Assert.Equal(0, received.GetProperty("recentLayerSwitches").GetArrayLength());
        Assert.Equal(0, received.GetProperty("nacksReceived").GetInt64());
        Assert.Equal(0, received.GetProperty("retransmissionsSent").GetInt64());
        Assert.Equal(JsonValueKind.Number, received.GetProperty("targetLayer").ValueKind);
        Assert.Equal(JsonValueKind.Number, received.GetProperty("currentLayer").ValueKind);
        Assert.Equal(JsonValueKind.Null, received.GetProperty("receivedLayers").ValueKind);
        var audio = bobStats.Single(t => t.GetProperty("kind").GetString() == "audio");
        Assert.Equal(0, audio.GetProperty("nacksReceived").GetInt64());
        Assert.Equal(JsonValueKind.Null, audio.GetProperty("recentLayerSwitches").ValueKind); // layer fields are video-only

        // Paused by Bob: the stats say so, and his size limit replaces the layer limit.
        await bob.Connection.InvokeAsync("SetSubscriptionPreference", new SubscriptionPreference(video, Paused: true, MaxWidth: 320, MaxHeight: 180));
        var paused = (await JsonAsync(await admin.GetAsync($"/api/rooms/{room}/participants/{b.ParticipantId}/stats"))).GetProperty("tracks").EnumerateArray()
            .Single(t => t.GetProperty("trackId").GetString() == video);
        Assert.True(paused.GetProperty("paused").GetBoolean());
        Assert.Equal(-1, paused.GetProperty("targetLayer").GetInt32());
        Assert.Equal(2, paused.GetProperty("preferredMaxLayer").GetInt32());
        Assert.Equal(320, paused.GetProperty("preferredMaxWidth").GetInt32());
        Assert.Equal(180, paused.GetProperty("preferredMaxHeight").GetInt32());
    }

    [Fact]
    public async Task DeletingARoomDisconnectsEveryoneInIt()
    {
        var admin = Admin();
        var room = Room();
        await using var alice = await HubTestClient.ConnectAsync(_host);
        await using var bob = await HubTestClient.ConnectAsync(_host);
        await alice.JoinAsync(room, "Alice");
        await bob.JoinAsync(room, "Bob");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/rooms/{room}")).StatusCode);
        Assert.Equal("room deleted by an admin", (await alice.WaitForAsync("Disconnected"))[0]);
        Assert.Equal("room deleted by an admin", (await bob.WaitForAsync("Disconnected"))[0]);
        var dropped = await Assert.ThrowsAsync<HubException>(() => alice.Connection.InvokeAsync("SetTrackMuted", new MuteRequest("TR_x", true)));
        Assert.Contains("Join a room first", dropped.Message, StringComparison.Ordinal);
        await AssertProblemAsync(await admin.GetAsync($"/api/rooms/{room}"), HttpStatusCode.NotFound, "There is no room");
        var rooms = await JsonAsync(await admin.GetAsync("/api/rooms"));
        Assert.DoesNotContain(rooms.EnumerateArray(), r => r.GetProperty("name").GetString() == room);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheAdminApi()
    {
        var doc = await _host.CreateClient().GetStringAsync("/openapi/v1.json");
        Assert.Contains("\"/api/rooms/{room}/participants/{id}\"", doc, StringComparison.Ordinal);
        Assert.Contains("\"/api/rooms/{room}/participants/{id}/tracks/{trackId}/mute\"", doc, StringComparison.Ordinal);
    }
}
