using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Sfu.Server.Auth;
using Sfu.Server.Cluster;
using Sfu.Server.Tests.Auth;
using Sfu.Server.Tests.Deploy;
using Sfu.Server.Tests.Hubs;
using Sfu.Signaling.Auth;

namespace Sfu.Server.Tests.Cluster;

/// <summary>
/// A Redis and nodes on real Kestrel at 127.0.0.1, with short timings (a heartbeat every 200 ms, entries gone after 2.5 s)
/// so tests see expiry quickly. The TTL leaves room for a dozen missed beats: with 1 s, a live node's own entry lapsed
/// once when CI starved the test process of CPU for 0.8 s. Every node has the development key, as every node of a cluster shares its keys.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private TestCluster(RedisServer redis) => Redis = redis;

    public RedisServer Redis { get; }

    public List<KestrelSfuHost> Nodes { get; } = new();

    /// <summary>Starts Redis and <paramref name="nodes"/> nodes (ids node-a, node-b, ...); returns once every node is registered.</summary>
    public static async Task<TestCluster> StartAsync(int nodes, Func<int, Dictionary<string, string>?>? settings = null)
    {
        var cluster = new TestCluster(await RedisServer.StartNewAsync());
        try
        {
            for (int i = 0; i < nodes; i++)
            {
                await cluster.AddNodeAsync(settings?.Invoke(i));
            }
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>The settings of a cluster node with the test timings.</summary>
    public Dictionary<string, string> NodeSettings(string nodeId) => new()
    {
        ["Sfu:Cluster:Redis"] = Redis.Connection,
        ["Sfu:Cluster:NodeId"] = nodeId,
        ["Sfu:Cluster:HeartbeatMilliseconds"] = "200",
        ["Sfu:Cluster:NodeTtlMilliseconds"] = "2500",
        ["Sfu:Cluster:RoomTtlMilliseconds"] = "3000",
        ["Sfu:Cluster:OperationTimeoutMilliseconds"] = "500",
    };

    /// <summary>Starts one more node (id node-a, node-b, ... by position) and waits for its registration.</summary>
    public async Task<KestrelSfuHost> AddNodeAsync(Dictionary<string, string>? extra = null, Action<IServiceCollection>? services = null)
    {
        var settings = NodeSettings("node-" + (char)('a' + Nodes.Count));
        foreach (var (k, v) in extra ?? new())
        {
            settings[k] = v;
        }

        var node = new KestrelSfuHost(settings, services);
        Nodes.Add(node);
        await Of(node).Registered.WaitAsync(TimeSpan.FromSeconds(10));
        return node;
    }

    public static ClusterNode Of(KestrelSfuHost node) => node.Services.GetRequiredService<ClusterNode>();

    public static RedisClusterStore StoreOf(KestrelSfuHost node) => node.Services.GetRequiredService<RedisClusterStore>();

    /// <summary>A join token for any room, signed with the development key every node shares.</summary>
    public static string Token(KestrelSfuHost node, string? identity = null) => node.Services.GetRequiredService<TokenService>().Create(
        new TokenRequest(identity ?? "test-" + Guid.NewGuid().ToString("N")[..8], null, TokenClaims.AnyRoom, ParticipantGrants.Default, TimeSpan.FromHours(1)));

    /// <summary>A hub client connected to <paramref name="node"/> over a real socket.</summary>
    public static Task<HubTestClient> ConnectAsync(KestrelSfuHost node, string? identity = null)
        => HubTestClient.ConnectAsync(new Uri(node.Address, "/hubs/room"), Token(node, identity));

    /// <summary>
    /// Joins <paramref name="room"/> through <paramref name="door"/> as the JS client does: a redirect is followed to the
    /// node it names (connecting there with the same token). Returns the client connected where the room lives.
    /// </summary>
    public async Task<(HubTestClient Client, Sfu.Signaling.Contracts.JoinResponse Response, KestrelSfuHost Node)> JoinAsync(KestrelSfuHost door, string room, string name = "p")
    {
        var token = Token(door);
        var client = await HubTestClient.ConnectAsync(new Uri(door.Address, "/hubs/room"), token);
        var response = await client.JoinAsync(room, name);
        if (response.Redirect is not { } redirect)
        {
            return (client, response, door);
        }

        await client.DisposeAsync();
        var owner = Nodes.Single(n => Of(n).Id == redirect.Node);
        client = await HubTestClient.ConnectAsync(new Uri(redirect.Url), token);
        response = await client.JoinAsync(room, name);
        Assert.Null(response.Redirect);
        return (client, response, owner);
    }

    /// <summary>An admin HTTP client of <paramref name="node"/> with the development API key.</summary>
    public static HttpClient Admin(KestrelSfuHost node)
    {
        var http = new HttpClient { BaseAddress = node.Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestJwt.DevKey}:{TestJwt.DevSecret}")));
        return http;
    }

    /// <summary>Waits until <paramref name="condition"/> holds, up to <paramref name="limit"/> (a guard against a hang, not a timing goal).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan limit, string what)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Never happened: " + what);
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }

        await Redis.DisposeAsync();
    }
}
