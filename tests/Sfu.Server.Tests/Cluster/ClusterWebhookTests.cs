using System.Text.Json;
using Sfu.Server.Tests.Webhooks;

namespace Sfu.Server.Tests.Cluster;

/// <summary>Webhooks fire once per event in a cluster: a room's events come from the one node that hosts it.</summary>
public sealed class ClusterWebhookTests
{
    [Fact]
    public async Task PeopleEnteringByTwoNodesMakeOneRoomStartedAndOneJoinEach()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var cluster = await TestCluster.StartAsync(2, _ => new() { ["Sfu:Webhooks:Urls:0"] = receiver.Url, ["Sfu:Webhooks:RetryDelayMilliseconds"] = "50" });
        var (a, b) = (cluster.Nodes[0], cluster.Nodes[1]);

        var (first, _, _) = await cluster.JoinAsync(a, "hooked", "first");
        var (second, _, _) = await cluster.JoinAsync(b, "hooked", "second");
        await using var _1 = first;
        await using var _2 = second;

        List<(string Event, string? Room)> Events() => receiver.Requests
            .Select(r => JsonDocument.Parse(r.Body).RootElement)
            .Select(e => (e.GetProperty("event").GetString()!, e.GetProperty("room").GetString()))
            .ToList();
        await TestCluster.EventuallyAsync(() => Task.FromResult(Events().Count(e => e.Event == "participant_joined") >= 2), TimeSpan.FromSeconds(10), "both joins are posted");
        await Task.Delay(500); // a duplicate from the other node would be on its way by now

        var events = Events();
        Assert.Single(events, e => e.Event == "room_started");
        Assert.Equal(2, events.Count(e => e.Event == "participant_joined"));
        Assert.All(events, e => Assert.Equal("hooked", e.Room));
    }
}
