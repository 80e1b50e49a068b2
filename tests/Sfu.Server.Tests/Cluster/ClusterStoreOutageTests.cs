using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Sfu.Server.Cluster;
using Sfu.Signaling.Cluster;

namespace Sfu.Server.Tests.Cluster;

/// <summary>Redis stopped mid-call: calls on the nodes go on, new rooms are refused with a clear error, and all recovers when Redis is back.</summary>
public sealed class ClusterStoreOutageTests
{
    [Fact]
    public async Task RedisStoppedMidCall_CallsGoOn_NewRoomsFailClearly_AndAllRecovers()
    {
        await using var cluster = await TestCluster.StartAsync(2);
        var (a, b) = (cluster.Nodes[0], cluster.Nodes[1]);
        var (first, _, owner) = await cluster.JoinAsync(a, "ongoing", "first");
        await using var _1 = first;
        var ownerId = TestCluster.Of(owner).Id;

        await cluster.Redis.StopAsync();

        // The call goes on: someone else joins it at its node, and the first participant hears of it.
        await using var second = await TestCluster.ConnectAsync(owner);
        Assert.Null((await second.JoinAsync("ongoing", "second")).Redirect);
        await first.WaitForAsync("ParticipantJoined");

        // A new room cannot be placed: a clear refusal, through the hub and the admin API, from either node.
        foreach (var node in new[] { a, b })
        {
            await using var third = await TestCluster.ConnectAsync(node);
            var refused = await Assert.ThrowsAsync<HubException>(() => third.JoinAsync("new-room", "third"));
            Assert.Contains(ClusterStoreUnavailableException.DefaultMessage, refused.Message, StringComparison.Ordinal);
            using var admin = TestCluster.Admin(node);
            var response = await admin.PostAsJsonAsync("/api/rooms", new { name = "new-room" });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains(ClusterStoreUnavailableException.DefaultMessage, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.True(a.Services.GetRequiredService<ClusterMetrics>().StoreFailures > 0);

        // Redis is back (empty, as a restarted Redis without persistence is): the nodes register again, the owner takes
        // its room back, and new rooms are placed.
        await cluster.Redis.StartAsync();
        var store = TestCluster.StoreOf(a);
        await TestCluster.EventuallyAsync(async () =>
        {
            try
            {
                return (await store.ListNodesAsync()).Count == 2 && await store.GetRoomOwnerAsync("ongoing") == ownerId;
            }
            catch (ClusterStoreUnavailableException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), "both nodes registered again and the room's owner re-asserted");

        var (fourth, joined, _) = await cluster.JoinAsync(b, "new-room", "fourth");
        await using var _4 = fourth;
        Assert.NotEmpty(joined.ParticipantId);
        var (fifth, again, fifthNode) = await cluster.JoinAsync(b, "ongoing", "fifth");
        await using var _5 = fifth;
        Assert.Same(owner, fifthNode);
        Assert.Equal(2, again.Participants.Count);
    }
}
