using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Sfu.Server.Cluster;
using Sfu.Server.Tests.Deploy;
using Sfu.Signaling.Cluster;
using Sfu.Signaling.Rooms;

namespace Sfu.Server.Tests.Cluster;

/// <summary>Room placement on a real Redis with real nodes: by load, atomic, never on a draining node, re-placed when the owner is gone, released on close.</summary>
public sealed class RoomPlacementTests
{
    private static IRoomPlacement PlacementOf(KestrelSfuHost node) => node.Services.GetRequiredService<IRoomPlacement>();

    /// <summary>The node id a placement made from <paramref name="from"/> names.</summary>
    private static string OwnerOf(RoomPlacement placement, KestrelSfuHost from) => placement.IsRemote ? placement.NodeId! : TestCluster.Of(from).Id;

    private static string Room() => "r" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task RoomsSpreadOverTheNodesByLoad()
    {
        await using var cluster = await TestCluster.StartAsync(2);
        var (a, b) = (cluster.Nodes[0], cluster.Nodes[1]);

        // Empty nodes: each new room goes to the node with fewer rooms (rooms just placed count at once).
        var owners = new List<string>();
        for (int i = 0; i < 6; i++)
        {
            var from = i % 2 == 0 ? a : b;
            owners.Add(OwnerOf(await PlacementOf(from).PlaceAsync(Room()), from));
        }

        Assert.Equal(3, owners.Count(o => o == "node-a"));
        Assert.Equal(3, owners.Count(o => o == "node-b"));

        // Participants weigh first: with three people on node-a, node-b gets the next rooms even though it has as many rooms.
        var (client1, _, _) = await cluster.JoinAsync(a, "busy", "1");
        var (client2, _, _) = await cluster.JoinAsync(a, "busy", "2");
        await using var _1 = client1;
        await using var _2 = client2;
        var busy = TestCluster.Of(a).Id == (await TestCluster.StoreOf(a).GetRoomOwnerAsync("busy")) ? "node-a" : "node-b";
        var idle = busy == "node-a" ? "node-b" : "node-a";
        await TestCluster.EventuallyAsync(async () => (await TestCluster.StoreOf(a).ListNodesAsync()).Single(n => n.Id == busy).Participants == 2,
            TimeSpan.FromSeconds(10), "the busy node's entry shows its participants");
        Assert.Equal(idle, OwnerOf(await PlacementOf(a).PlaceAsync(Room()), a));
        Assert.Equal(idle, OwnerOf(await PlacementOf(b).PlaceAsync(Room()), b));
    }

    [Fact]
    public async Task TwoNodesPlacingOneRoomAtOnceAgreeOnItsOwner()
    {
        await using var cluster = await TestCluster.StartAsync(2);
        var (a, b) = (cluster.Nodes[0], cluster.Nodes[1]);
        for (int i = 0; i < 30; i++)
        {
            var room = Room();
            var fromA = PlacementOf(a).PlaceAsync(room).AsTask();
            var fromB = PlacementOf(b).PlaceAsync(room).AsTask();
            var (placedByA, placedByB) = (await fromA, await fromB);
            Assert.Equal(OwnerOf(placedByA, a), OwnerOf(placedByB, b));
            Assert.Equal(OwnerOf(placedByA, a), await TestCluster.StoreOf(a).GetRoomOwnerAsync(room));

            // Even when the two nodes see the load differently and each picks itself, one owner wins for both.
            var other = Room();
            var claimA = TestCluster.StoreOf(a).ClaimRoomAsync(other, "node-a");
            var claimB = TestCluster.StoreOf(b).ClaimRoomAsync(other, "node-b");
            Assert.Equal(await claimA, await claimB);
        }
    }

    [Fact]
    public async Task ADrainingNodeGetsNoNewRoomsButKeepsItsOwn()
    {
        var availability = new SwitchableAvailability();
        await using var cluster = await TestCluster.StartAsync(1);
        var a = cluster.Nodes[0];
        var b = await cluster.AddNodeAsync(services: s => s.AddSingleton<INodeAvailability>(availability));

        // node-b owns a room (of two rooms placed on empty nodes, one goes to each), then drains.
        var rooms = new[] { Room(), Room() };
        var owners = new[] { OwnerOf(await PlacementOf(a).PlaceAsync(rooms[0]), a), OwnerOf(await PlacementOf(a).PlaceAsync(rooms[1]), a) };
        Assert.Equal(["node-a", "node-b"], owners.Order(StringComparer.Ordinal));
        var kept = rooms[Array.IndexOf(owners, "node-b")];
        availability.IsDraining = true;

        // Asked on node-b itself (its own flag is read live) or on node-a (once node-b's entry says so): never node-b.
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal("node-a", OwnerOf(await PlacementOf(b).PlaceAsync(Room()), b));
        }

        await TestCluster.EventuallyAsync(async () => (await TestCluster.StoreOf(a).ListNodesAsync()).Single(n => n.Id == "node-b").Draining, TimeSpan.FromSeconds(10), "node-b publishes draining");
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal("node-a", OwnerOf(await PlacementOf(a).PlaceAsync(Room()), a));
        }

        // Its own room is still found there.
        Assert.Equal("node-b", OwnerOf(await PlacementOf(a).PlaceAsync(kept), a));
    }

    [Fact]
    public async Task WhenNoNodeTakesNewRoomsPlacementSaysSo()
    {
        var availability = new SwitchableAvailability { IsDraining = true };
        await using var cluster = await TestCluster.StartAsync(0);
        var a = await cluster.AddNodeAsync(services: s => s.AddSingleton<INodeAvailability>(availability));

        var e = await Assert.ThrowsAsync<RoomException>(() => PlacementOf(a).PlaceAsync(Room()).AsTask());
        Assert.Equal(ClusterRoomPlacement.NoNodeMessage, e.Message);
    }

    [Fact]
    public async Task ARoomWhoseOwnerIsGoneIsPlacedAgain()
    {
        // A room TTL well beyond the node TTL, so the ownership key surely outlives the dead node's entry.
        await using var cluster = await TestCluster.StartAsync(1, _ => new() { ["Sfu:Cluster:RoomTtlMilliseconds"] = "10000" });
        var a = cluster.Nodes[0];
        var store = TestCluster.StoreOf(a);

        // A node that owned a room and died: its entry expires (2.5 s in the tests), its ownership key outlives it.
        var room = Room();
        await store.WriteNodeAsync(new NodeEntry("node-dead", "http://127.0.0.1:9", [], 0, 0, 0, 0, 0, 10, false, DateTimeOffset.UtcNow));
        Assert.Equal("node-dead", await store.ClaimRoomAsync(room, "node-dead"));
        var whileAlive = await PlacementOf(a).PlaceAsync(room);
        Assert.Equal("node-dead", whileAlive.NodeId);
        Assert.Equal("http://127.0.0.1:9", whileAlive.SignalingUrl);

        await TestCluster.EventuallyAsync(async () => (await store.ListNodesAsync()).All(n => n.Id != "node-dead"), TimeSpan.FromSeconds(10), "the dead node's entry expires");
        Assert.Equal("node-dead", await store.GetRoomOwnerAsync(room));
        Assert.False((await PlacementOf(a).PlaceAsync(room)).IsRemote);
        Assert.Equal("node-a", await store.GetRoomOwnerAsync(room));
    }

    [Fact]
    public async Task OwnershipIsKeptWhileTheRoomIsOpen()
    {
        await using var cluster = await TestCluster.StartAsync(1);
        var a = cluster.Nodes[0];
        var store = TestCluster.StoreOf(a);
        var room = Room();

        var (client, _, _) = await cluster.JoinAsync(a, room);
        await using var _ = client;
        Assert.Equal("node-a", await store.GetRoomOwnerAsync(room));

        // Longer than the room TTL (3 s in the tests): the owner's heartbeat (every 200 ms) keeps extending it, so its
        // time to live never runs low.
        var lowest = long.MaxValue;
        for (int i = 0; i < 16; i++)
        {
            await Task.Delay(250);
            var reply = await cluster.Redis.CommandAsync("PTTL " + store.RoomKey(room));
            lowest = Math.Min(lowest, long.Parse(reply.Trim(':', '\r', '\n'), System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.True(lowest > 1000, $"the room's ownership ran down to {lowest} ms of its 3000 ms");
        Assert.Equal("node-a", await store.GetRoomOwnerAsync(room));
    }

    [Fact]
    public async Task OwnershipIsReleasedWhenTheRoomCloses()
    {
        // A room TTL far longer than the wait: only the owner's release can take the key away.
        await using var cluster = await TestCluster.StartAsync(1, _ => new() { ["Sfu:Cluster:RoomTtlMilliseconds"] = "120000" });
        var a = cluster.Nodes[0];
        var store = TestCluster.StoreOf(a);
        var room = Room();

        var (client, _, _) = await cluster.JoinAsync(a, room);
        await TestCluster.EventuallyAsync(() => Task.FromResult(a.Services.GetRequiredService<RoomManager>().TryGet(room, out _)), TimeSpan.FromSeconds(5), "the room opens");
        await Task.Delay(500); // a few heartbeats with the room open
        Assert.Equal("node-a", await store.GetRoomOwnerAsync(room));

        await client.Connection.InvokeAsync("Leave");
        await client.DisposeAsync();
        await TestCluster.EventuallyAsync(async () => await store.GetRoomOwnerAsync(room) is null, TimeSpan.FromSeconds(30), "the closed room's ownership is released");
        Assert.False(a.Services.GetRequiredService<RoomManager>().TryGet(room, out _));
    }
}
