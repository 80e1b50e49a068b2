using Microsoft.Extensions.DependencyInjection;
using Sfu.Server.Cluster;

namespace Sfu.Server.Tests.Cluster;

/// <summary>The node registry on a real Redis: entries with URL, media addresses and load, and their expiry.</summary>
public sealed class ClusterRegistryTests
{
    [Fact]
    public async Task EachNodeRegistersItsUrlMediaAddressesAndLoad()
    {
        await using var cluster = await TestCluster.StartAsync(2);
        var (a, b) = (cluster.Nodes[0], cluster.Nodes[1]);
        var store = TestCluster.StoreOf(a);

        var nodes = (await store.ListNodesAsync()).OrderBy(n => n.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(["node-a", "node-b"], nodes.Select(n => n.Id));
        for (int i = 0; i < 2; i++)
        {
            var host = cluster.Nodes[i];
            Assert.Equal(host.Address.ToString().TrimEnd('/'), nodes[i].Url); // the default: the first Kestrel address
            var engine = host.Services.GetService(typeof(Sfu.Core.Transport.MediaEngine)) as Sfu.Core.Transport.MediaEngine;
            Assert.Equal(engine!.Workers.Select(w => "127.0.0.1:" + w.LocalEndPoint.Port), nodes[i].MediaAddresses);
            Assert.False(nodes[i].Draining);
            Assert.Equal(1000, nodes[i].MaxParticipants);
            Assert.InRange(nodes[i].Cpu, 0, 1);
        }

        // The load follows what happens on the node.
        var (client, _, owner) = await cluster.JoinAsync(b, "load-room");
        await using var _ = client;
        await TestCluster.EventuallyAsync(async () => (await store.ListNodesAsync()).Single(n => n.Id == TestCluster.Of(owner).Id) is { Participants: 1, Rooms: 1 },
            TimeSpan.FromSeconds(10), "the owner's entry shows one room and one participant");
    }

    [Fact]
    public async Task ANodeThatStopsWritingDisappearsByItself()
    {
        await using var cluster = await TestCluster.StartAsync(1);
        var store = TestCluster.StoreOf(cluster.Nodes[0]);

        // A node that died: one entry written, never refreshed (the test nodes' TTL is 2.5 s).
        await store.WriteNodeAsync(new NodeEntry("node-dead", "http://127.0.0.1:9", [], 0, 0, 0, 0, 0, 10, false, DateTimeOffset.UtcNow));
        Assert.Contains(await store.ListNodesAsync(), n => n.Id == "node-dead");

        await TestCluster.EventuallyAsync(async () => (await store.ListNodesAsync()).All(n => n.Id != "node-dead"), TimeSpan.FromSeconds(10), "the dead node's entry expires");
        Assert.Equal(["node-a"], (await store.ListNodesAsync()).Select(n => n.Id)); // the live node stays
        Assert.Equal("0", (await cluster.Redis.CommandAsync("SISMEMBER sfu:nodes node-dead")).Trim(':', '\r', '\n'));
    }

    [Fact]
    public async Task ADrainingNodeSaysSoInItsEntry()
    {
        var availability = new SwitchableAvailability();
        await using var cluster = await TestCluster.StartAsync(1);
        var b = await cluster.AddNodeAsync(services: s => s.AddSingleton<Sfu.Signaling.Cluster.INodeAvailability>(availability));
        var store = TestCluster.StoreOf(b);

        availability.IsDraining = true;
        await TestCluster.EventuallyAsync(async () => (await store.ListNodesAsync()).Single(n => n.Id == "node-b").Draining, TimeSpan.FromSeconds(10), "node-b publishes draining");
        Assert.False((await store.ListNodesAsync()).Single(n => n.Id == "node-a").Draining);

        availability.IsDraining = false;
        await TestCluster.EventuallyAsync(async () => !(await store.ListNodesAsync()).Single(n => n.Id == "node-b").Draining, TimeSpan.FromSeconds(10), "node-b no longer drains");
    }
}
