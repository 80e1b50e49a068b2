using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Sfu.Server.Tests.Auth;
using Sfu.Server.Tests.Hubs;
using Sfu.Signaling.Contracts;
using Sfu.Signaling.Lifecycle;

namespace Sfu.Server.Tests.Lifecycle;

/// <summary>
/// Draining a node in-process: a host stop tells live participants to move before their connections close; while
/// draining, /readyz is 503, new rooms are refused (and counted) while rooms already here take joins and resumes; the
/// admin API begins a drain and shows it; the participants left at the timeout are moved and counted.
/// </summary>
public sealed class NodeDrainTests
{
    private static string Room() => "d" + Guid.NewGuid().ToString("N")[..10];

    private static WebApplicationFactory<Program> Host(SfuTestHost root, params (string Key, string Value)[] settings)
        => root.WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in settings)
            {
                b.UseSetting(key, value);
            }
        });

    private static HttpClient Admin(WebApplicationFactory<Program> host)
    {
        var http = host.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestJwt.DevKey}:{TestJwt.DevSecret}")));
        return http;
    }

    [Fact]
    public async Task StoppingTheHostTellsALiveParticipantToMoveBeforeItsConnectionCloses()
    {
        using var root = new SfuTestHost();
        var host = Host(root, ("Sfu:Cluster:MoveTo", "http://127.0.0.1:9"));
        await using var client = await HubTestClient.ConnectAsync(host);
        await client.JoinAsync(Room(), "Alice");

        await host.DisposeAsync(); // IHost.StopAsync, as after SIGTERM

        await client.WaitForAsync(HubTestClient.ClosedEvent, timeout: TimeSpan.FromSeconds(10));
        var events = client.Events.ToList();
        int moving = events.IndexOf("Moving");
        int disconnected = events.IndexOf("Disconnected");
        int closed = events.IndexOf(HubTestClient.ClosedEvent);
        Assert.True(moving >= 0 && moving < disconnected && disconnected < closed, string.Join(", ", events));
        var move = (MoveInfo)(await client.WaitForAsync("Moving"))[0]!;
        Assert.Equal(NodeDrainer.MoveReason, move.Reason);
        Assert.Equal("http://127.0.0.1:9/hubs/room", move.Url);
        Assert.Equal(NodeDrainer.DisconnectReason, (string)(await client.WaitForAsync("Disconnected"))[0]!);
    }

    [Fact]
    public async Task ReadyzIs503AndTheNodeApiSaysDrainingOnceAnAdminBeginsADrain()
    {
        using var root = new SfuTestHost();
        var host = Host(root, ("Sfu:Cluster:DrainTimeoutSeconds", "600"));
        var http = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync("/api/node/drain", null)).StatusCode);
        var before = await Admin(host).GetFromJsonAsync<JsonElement>("/api/node");
        Assert.False(before.GetProperty("draining").GetBoolean());
        Assert.Equal("none", before.GetProperty("drainPhase").GetString());

        await using var client = await HubTestClient.ConnectAsync(host);
        await client.JoinAsync(Room(), "Alice");
        var drain = await Admin(host).PostAsync("/api/node/drain", null);

        Assert.Equal(HttpStatusCode.Accepted, drain.StatusCode);
        var ready = await http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var node = await Admin(host).GetFromJsonAsync<JsonElement>("/api/node");
        Assert.True(node.GetProperty("draining").GetBoolean(), node.ToString());
        Assert.Equal("admin", node.GetProperty("drainTrigger").GetString());
        Assert.Equal("waiting", node.GetProperty("drainPhase").GetString());
        Assert.Equal(1, node.GetProperty("rooms").GetInt32());
        Assert.Equal(1, node.GetProperty("participants").GetInt32());
        Assert.Equal(JsonValueKind.String, node.GetProperty("moveDeadline").ValueKind);
        Assert.Equal(1, Gauge(await http.GetStringAsync("/metrics"), "sfu_node_draining"));
        Assert.False(client.Received("Moving"));
    }

    [Fact]
    public async Task WhileDrainingANewRoomIsRefusedAndCountedButARoomHereTakesJoinsAndResumes()
    {
        using var root = new SfuTestHost();
        var host = Host(root, ("Sfu:Cluster:DrainTimeoutSeconds", "600"));
        var room = Room();
        await using var alice = await HubTestClient.ConnectAsync(host);
        await alice.JoinAsync(room, "Alice");
        var carol = await HubTestClient.ConnectAsync(host);
        var carolJoined = await carol.JoinAsync(room, "Carol");
        Assert.Equal(HttpStatusCode.Accepted, (await Admin(host).PostAsync("/api/node/drain", null)).StatusCode);

        await using var bob = await HubTestClient.ConnectAsync(host);
        var refused = await Assert.ThrowsAsync<HubException>(() => bob.JoinAsync(Room(), "Bob"));
        Assert.Contains("draining", refused.Message, StringComparison.Ordinal);
        var created = await Admin(host).PostAsJsonAsync("/api/rooms", new { name = Room() });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, created.StatusCode);
        Assert.Contains("draining", await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, Counter(await host.CreateClient().GetStringAsync("/metrics"), "sfu_hub_refused_total", "draining"));

        var joined = await bob.JoinAsync(room, "Bob");
        Assert.Equal(room, joined.Room);

        await carol.Connection.StopAsync(); // Carol's connection drops: she is within her grace period
        await carol.DisposeAsync();
        await using var carolAgain = await HubTestClient.ConnectAsync(host);
        var resumed = await carolAgain.Connection.InvokeAsync<JoinResponse>("Resume", new ResumeRequest(carolJoined.ParticipantId, carolJoined.ResumeToken));
        Assert.Equal(carolJoined.ParticipantId, resumed.ParticipantId);
        Assert.Equal(room, resumed.Room);
    }

    [Fact]
    public async Task AtTheDrainTimeoutEveryoneIsToldToMoveAndCounted()
    {
        using var root = new SfuTestHost();
        var host = Host(root, ("Sfu:Cluster:DrainTimeoutSeconds", "1"), ("Sfu:Cluster:MoveFlushSeconds", "0"));
        var room = Room();
        await using var alice = await HubTestClient.ConnectAsync(host);
        await alice.JoinAsync(room, "Alice");
        await using var bob = await HubTestClient.ConnectAsync(host);
        await bob.JoinAsync(room, "Bob");

        await Admin(host).PostAsync("/api/node/drain", null);

        var move = (MoveInfo)(await alice.WaitForAsync("Moving", timeout: TimeSpan.FromSeconds(10)))[0]!;
        Assert.Equal(NodeDrainer.MoveReason, move.Reason);
        Assert.Null(move.Url); // no Sfu:Cluster:MoveTo: the client rejoins where it came from
        await bob.WaitForAsync("Moving");
        await host.Services.GetRequiredService<NodeDrainer>().Completion!.WaitAsync(TimeSpan.FromSeconds(10));
        var node = await Admin(host).GetFromJsonAsync<JsonElement>("/api/node");
        Assert.Equal("done", node.GetProperty("drainPhase").GetString());
        Assert.Equal(2, node.GetProperty("participantsMoved").GetInt32());
        Assert.Equal(0, node.GetProperty("rooms").GetInt32());
        Assert.Equal(2, Counter(await host.CreateClient().GetStringAsync("/metrics"), "sfu_participants_moved_total", null));
    }

    [Fact]
    public async Task TheDrainEndsWithoutMovingAnyoneWhenTheLastParticipantLeaves()
    {
        using var root = new SfuTestHost();
        var host = Host(root, ("Sfu:Cluster:DrainTimeoutSeconds", "600"));
        await using var alice = await HubTestClient.ConnectAsync(host);
        await alice.JoinAsync(Room(), "Alice");
        await Admin(host).PostAsync("/api/node/drain", null);
        var drainer = host.Services.GetRequiredService<NodeDrainer>();
        Assert.Equal(DrainPhase.Waiting, drainer.Phase);

        await alice.Connection.InvokeAsync("Leave");

        // Far below the drain timeout: it ended because nobody was left.
        await drainer.Completion!.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, drainer.ParticipantsMoved);
        Assert.False(alice.Received("Moving"));
    }

    private static long Counter(string metrics, string name, string? reason)
    {
        long sum = 0;
        foreach (Match m in Regex.Matches(metrics, $@"^{name}(\{{[^}}]*\}})? (\d+)", RegexOptions.Multiline))
        {
            if (reason is null || m.Groups[1].Value.Contains($"reason=\"{reason}\"", StringComparison.Ordinal))
            {
                sum += long.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }

    private static long Gauge(string metrics, string name) => Counter(metrics, name, null);
}
