using Sfu.Server.Cluster;

namespace Sfu.Server.Tests.Cluster;

public sealed class PlacementPolicyTests
{
    private static NodeEntry Node(string id, int participants = 0, int rooms = 0, double cpu = 0, int max = 100, bool draining = false)
        => new(id, "http://" + id, [], cpu, rooms, participants, 0, 0, max, draining, DateTimeOffset.UnixEpoch);

    [Fact]
    public void TheNodeWithTheLowestParticipantLoadGetsTheRoom()
    {
        Assert.Equal("b", PlacementPolicy.Choose([Node("a", participants: 10), Node("b", participants: 3), Node("c", participants: 5)])!.Id);

        // Load is relative to capacity: 30 of 1000 is less than 5 of 10.
        Assert.Equal("a", PlacementPolicy.Choose([Node("a", participants: 30, max: 1000), Node("b", participants: 5, max: 10)])!.Id);
    }

    [Fact]
    public void TiesGoToFewerRoomsThenLessCpuThenTheLowestId()
    {
        Assert.Equal("b", PlacementPolicy.Choose([Node("a", rooms: 2), Node("b", rooms: 1)])!.Id);
        Assert.Equal("a", PlacementPolicy.Choose([Node("b", rooms: 1, cpu: 0.5), Node("a", rooms: 1, cpu: 0.2)])!.Id);
        Assert.Equal("a", PlacementPolicy.Choose([Node("b"), Node("a")])!.Id);
    }

    [Fact]
    public void DrainingAndFullNodesAreNeverChosen()
    {
        Assert.Equal("c", PlacementPolicy.Choose([Node("a", draining: true), Node("b", participants: 100, max: 100), Node("c", participants: 99, max: 100)])!.Id);
        Assert.Null(PlacementPolicy.Choose([Node("a", draining: true), Node("b", participants: 100, max: 100)]));
        Assert.Null(PlacementPolicy.Choose([]));
    }
}
