using Microsoft.Extensions.DependencyInjection;
using Sfu.Browser.Tests.Infrastructure;
using Sfu.Server.Cluster;
using Sfu.Server.Tests.Cluster; // RedisServer, linked from the server tests
using Sfu.Signaling.Rooms;

namespace Sfu.Browser.Tests;

/// <summary>
/// Two nodes and a Redis: people who open the room page on different nodes end up in one room, on one node, and see
/// and hear each other. The JS client follows the cluster's redirect on its own.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ClusterTests
{
    private static readonly TimeSpan MediaTimeout = TimeSpan.FromSeconds(30);
    private readonly BrowserFixture _fixture;

    public ClusterTests(BrowserFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task TwoPeopleJoiningThroughDifferentNodesMeetInOneRoomAndDecodeEachOther()
    {
        await using var redis = await RedisServer.StartNewAsync();
        using var nodeA = new SfuServer(Settings(redis, "node-a"));
        using var nodeB = new SfuServer(Settings(redis, "node-b"));
        await Task.WhenAll(Registered(nodeA), Registered(nodeB));

        var room = "cluster-" + Guid.NewGuid().ToString("N")[..8];
        await using var alice = await RoomParticipant.JoinAsync(_fixture, room, "Alice", server: nodeA.BaseAddress);
        await using var bob = await RoomParticipant.JoinAsync(_fixture, room, "Bob", server: nodeB.BaseAddress);

        // One room, on one node; the other node has none of it.
        var hosts = new[] { nodeA, nodeB }.Where(n => n.Services.GetRequiredService<RoomManager>().TryGet(room, out var r) && r is { Closed: false }).ToList();
        var host = Assert.Single(hosts);
        Assert.Equal(2, host.Services.GetRequiredService<RoomManager>().Rooms.Single(r => r.Name == room).Participants.Count);

        // The participant who came in through the other node was moved there: its hub is the host's.
        var moved = host == nodeA ? bob : alice;
        var hubUrl = await moved.Page.EvaluateAsync<string>("window.sfu.hub.baseUrl");
        Assert.StartsWith(host.BaseAddress.ToString().TrimEnd('/'), hubUrl, StringComparison.Ordinal);

        foreach (var (me, other) in new[] { (alice, bob), (bob, alice) })
        {
            var streams = await me.WaitForInboundAsync(s => Decodes(s, other), MediaTimeout);
            Assert.True(Decodes(streams, other), $"{me.Name} from {other.Name}: [{string.Join(", ", streams)}]");
        }

        Assert.All(new[] { alice, bob }, p => p.AssertNoErrors());
    }

    private static bool Decodes(IReadOnlyList<RoomInboundStream> streams, RoomParticipant from)
        => streams.Any(s => s.ParticipantId == from.ParticipantId && s.IsVideo && s.FramesDecoded > 0 && s.BytesReceived > 0)
            && streams.Any(s => s.ParticipantId == from.ParticipantId && s.IsAudio && s.BytesReceived > 0);

    private static Dictionary<string, string?> Settings(RedisServer redis, string nodeId) => new()
    {
        ["Sfu:Cluster:Redis"] = redis.Connection,
        ["Sfu:Cluster:NodeId"] = nodeId,
        ["Sfu:Cluster:HeartbeatMilliseconds"] = "500",
        ["Sfu:Cluster:NodeTtlMilliseconds"] = "3000",
    };

    private static Task Registered(SfuServer node) => node.Services.GetRequiredService<ClusterNode>().Registered.WaitAsync(TimeSpan.FromSeconds(15));
}
