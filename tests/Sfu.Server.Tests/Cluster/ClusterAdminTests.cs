using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sfu.Signaling.Rooms;

namespace Sfu.Server.Tests.Cluster;

/// <summary>The admin API on any node manages every room of the cluster.</summary>
public sealed class ClusterAdminTests
{
    [Fact]
    public async Task TheAdminApiOnOneNodeCreatesListsReadsAndClosesARoomOnAnother()
    {
        await using var cluster = await TestCluster.StartAsync(2);
        var (a, b) = (cluster.Nodes[0], cluster.Nodes[1]);
        using var adminA = TestCluster.Admin(a);

        // Created through node-a: of two rooms on empty nodes, one goes to each; "there" is the one on node-b.
        Assert.Equal(HttpStatusCode.Created, (await adminA.PostAsJsonAsync("/api/rooms", new { name = "room-1", maxParticipants = 7, metadata = "m" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await adminA.PostAsJsonAsync("/api/rooms", new { name = "room-2", maxParticipants = 7, metadata = "m" })).StatusCode);
        var (here, there) = a.Services.GetRequiredService<RoomManager>().TryGet("room-1", out _) ? ("room-1", "room-2") : ("room-2", "room-1");
        Assert.True(b.Services.GetRequiredService<RoomManager>().TryGet(there, out _));
        Assert.False(a.Services.GetRequiredService<RoomManager>().TryGet(there, out _));
        Assert.True(a.Services.GetRequiredService<RoomManager>().TryGet(here, out _));
        Assert.Equal(HttpStatusCode.OK, (await adminA.PatchAsJsonAsync("/api/rooms/" + here, new { metadata = "h" })).StatusCode);

        // Creating it again through either node: it exists (on node-b).
        Assert.Equal(HttpStatusCode.Conflict, (await adminA.PostAsJsonAsync("/api/rooms", new { name = there })).StatusCode);

        // Listed through node-a: both rooms, each with its node and its details.
        var list = await adminA.GetFromJsonAsync<JsonElement>("/api/rooms");
        var rooms = list.EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!, r => r);
        Assert.Equal(["room-1", "room-2"], rooms.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("node-a", rooms[here].GetProperty("node").GetString());
        Assert.Equal("node-b", rooms[there].GetProperty("node").GetString());
        Assert.Equal(("h", "m"), (rooms[here].GetProperty("metadata").GetString(), rooms[there].GetProperty("metadata").GetString()));
        Assert.All(rooms.Values, r => Assert.Equal(7, r.GetProperty("maxParticipants").GetInt32()));

        // Read and changed through node-a.
        var one = await adminA.GetFromJsonAsync<JsonElement>("/api/rooms/" + there);
        Assert.Equal("m", one.GetProperty("metadata").GetString());
        Assert.Equal(HttpStatusCode.OK, (await adminA.PatchAsJsonAsync("/api/rooms/" + there, new { metadata = "changed" })).StatusCode);
        Assert.True(b.Services.GetRequiredService<RoomManager>().TryGet(there, out var thereRoom));
        await TestCluster.EventuallyAsync(() => Task.FromResult(thereRoom!.Snapshot.Metadata == "changed"), TimeSpan.FromSeconds(5), "the metadata changes on node-b");

        // Closed through node-a.
        var (client, _, node) = await cluster.JoinAsync(a, there);
        await using var joined = client;
        Assert.Same(b, node);
        Assert.Equal(HttpStatusCode.NoContent, (await adminA.DeleteAsync("/api/rooms/" + there)).StatusCode);
        await client.WaitForAsync("Disconnected");
        Assert.False(b.Services.GetRequiredService<RoomManager>().TryGet(there, out var gone) && gone is { Closed: false });
        Assert.Equal(HttpStatusCode.NotFound, (await adminA.GetAsync("/api/rooms/" + there)).StatusCode);
    }

    [Fact]
    public async Task ForwardedRequestsCarryTheCallersCredentials()
    {
        await using var cluster = await TestCluster.StartAsync(2);
        var door = cluster.Nodes[1];
        using var adminB = TestCluster.Admin(door);
        Assert.Equal(HttpStatusCode.Created, (await adminB.PostAsJsonAsync("/api/rooms", new { name = "on-a" })).StatusCode);
        // Placement chooses by load (equal here, so either node): the owner is whichever holds the room.
        var a = cluster.Nodes.Single(n => n.Services.GetRequiredService<RoomManager>().TryGet("on-a", out _));
        var b = cluster.Nodes.First(n => n != a);

        // Without credentials a node that is not the owner refuses before forwarding anything; wrong ones are refused
        // by the owner too.
        using var anonymous = new HttpClient { BaseAddress = b.Address };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.DeleteAsync("/api/rooms/on-a")).StatusCode);
        using var forged = new HttpClient { BaseAddress = a.Address };
        forged.DefaultRequestHeaders.Add(Sfu.Server.Cluster.ClusterAdminForwarder.ForwardedHeader, "node-b");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.DeleteAsync("/api/rooms/on-a")).StatusCode);
        Assert.True(a.Services.GetRequiredService<RoomManager>().TryGet("on-a", out var room) && !room!.Closed);
    }
}
