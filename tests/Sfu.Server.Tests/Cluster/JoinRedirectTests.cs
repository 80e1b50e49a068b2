using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Sfu.Server.Tests.Hubs;
using Sfu.Signaling.Cluster;
using Sfu.Signaling.Rooms;

namespace Sfu.Server.Tests.Cluster;

/// <summary>Any node is a door: a Join for a room on another node is answered with that node's hub, and the same token works there.</summary>
public sealed class JoinRedirectTests
{
    [Fact]
    public async Task AJoinForARoomOnAnotherNodeIsRedirectedThereAndTheSameTokenJoinsIt()
    {
        await using var cluster = await TestCluster.StartAsync(2);
        var (a, b) = (cluster.Nodes[0], cluster.Nodes[1]);
        // Of two rooms placed on empty nodes, one goes to each: "elsewhere" is the one on node-b, "here" the one on node-a.
        var placement = a.Services.GetRequiredService<IRoomPlacement>();
        var (here, elsewhere) = (await placement.PlaceAsync("room-1")).IsRemote ? ("room-2", "room-1") : ("room-1", "room-2");
        Assert.Equal("node-b", (await placement.PlaceAsync(elsewhere)).NodeId);
        Assert.False((await placement.PlaceAsync(here)).IsRemote);

        var token = TestCluster.Token(a, "alice"); // signed by node-a's keys, which every node shares
        await using var atA = await HubTestClient.ConnectAsync(new Uri(a.Address, "/hubs/room"), token);
        var redirected = await atA.JoinAsync(elsewhere, "Alice");
        Assert.NotNull(redirected.Redirect);
        Assert.Equal(new Uri(b.Address, "/hubs/room").ToString(), redirected.Redirect!.Url);
        Assert.Equal("node-b", redirected.Redirect.Node);
        Assert.Equal("", redirected.ParticipantId);
        Assert.False(a.Services.GetRequiredService<RoomManager>().TryGet(elsewhere, out _)); // nothing was made on node-a

        // The connection at node-a is not attached to anything: it may join a room of its own node.
        Assert.Null((await atA.JoinAsync(here, "Alice")).Redirect);

        await using var atB = await HubTestClient.ConnectAsync(new Uri(redirected.Redirect.Url), token);
        var joined = await atB.JoinAsync(elsewhere, "Alice");
        Assert.Null(joined.Redirect);
        Assert.NotEmpty(joined.ParticipantId);
        Assert.True(b.Services.GetRequiredService<RoomManager>().TryGet(elsewhere, out var room));
        Assert.Single(room!.Participants);
    }

    [Fact]
    public async Task TwoPeopleEnteringByDifferentNodesMeetInOneRoom()
    {
        await using var cluster = await TestCluster.StartAsync(2);
        var (a, b) = (cluster.Nodes[0], cluster.Nodes[1]);

        var (first, _, firstNode) = await cluster.JoinAsync(a, "meet", "first");
        var (second, secondJoin, secondNode) = await cluster.JoinAsync(b, "meet", "second");
        await using var _1 = first;
        await using var _2 = second;

        Assert.Same(firstNode, secondNode);
        Assert.Single(secondJoin.Participants);
        await first.WaitForAsync("ParticipantJoined");
        var other = firstNode == a ? b : a;
        Assert.False(other.Services.GetRequiredService<RoomManager>().TryGet("meet", out _));
    }

    [Fact]
    public async Task WithoutACluster_JoinAnswersAsBeforeWithNoRedirect()
    {
        await using var host = new Deploy.KestrelSfuHost();
        Assert.IsType<LocalRoomPlacement>(host.Services.GetRequiredService<IRoomPlacement>());
        await using var client = await HubTestClient.ConnectAsync(new Uri(host.Address, "/hubs/room"), TestCluster.Token(host));
        var response = await client.Connection.InvokeAsync<System.Text.Json.JsonElement>("Join", new Sfu.Signaling.Contracts.JoinRequest("solo", "me"));
        Assert.False(response.TryGetProperty("redirect", out _)); // the wire is unchanged
        Assert.NotEmpty(response.GetProperty("participantId").GetString()!);
    }
}
