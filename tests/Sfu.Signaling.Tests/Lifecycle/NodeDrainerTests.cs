using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sfu.Signaling.Contracts;
using Sfu.Signaling.Lifecycle;
using Sfu.Signaling.Rooms;
using Sfu.Signaling.Tests.Infrastructure;

namespace Sfu.Signaling.Tests.Lifecycle;

/// <summary>
/// The drain on rooms without SignalR: once draining, new rooms are refused and rooms here still take joins; the move
/// tells each participant where to go (<c>Moving</c>) before its room closes with the reason (<c>Disconnected</c>).
/// </summary>
public sealed class NodeDrainerTests
{
    private static NodeDrainer Drainer(RoomTestHost host, DrainOptions options)
        => new(host.Drain, host.Rooms, Options.Create(options), new DrainMetrics(host.Drain), NullLogger<NodeDrainer>.Instance, host.Time);

    [Fact]
    public async Task WhileDrainingANewRoomIsRefusedAndARoomHereStillTakesJoins()
    {
        using var host = new RoomTestHost();
        var room = RoomTestHost.NewRoomName();
        await host.JoinAsync(room, "Alice");

        Assert.True(host.Drain.TryBegin(DrainTriggers.Admin));

        var refused = await Assert.ThrowsAsync<NodeDrainingException>(() => host.JoinAsync(RoomTestHost.NewRoomName(), "Bob"));
        Assert.Equal(NodeDrainingException.DefaultMessage, refused.Message);
        Assert.Throws<NodeDrainingException>(() => host.Rooms.GetOrCreate(RoomTestHost.NewRoomName()));
        var bob = await host.JoinAsync(room, "Bob");
        Assert.Equal(room, bob.Response.Room);
        Assert.Single(host.Rooms.Rooms);
    }

    [Fact]
    public async Task MovingTellsEachParticipantWhereToGoBeforeItsRoomClosesWithTheReason()
    {
        using var host = new RoomTestHost();
        var first = RoomTestHost.NewRoomName();
        var second = RoomTestHost.NewRoomName();
        var alice = await host.JoinAsync(first, "Alice");
        var bob = await host.JoinAsync(first, "Bob");
        var carol = await host.JoinAsync(second, "Carol");
        var drainer = Drainer(host, new DrainOptions { MoveTo = "https://sfu-b.example.com", MoveRetryAfterMs = 250, MoveFlushSeconds = 0 });

        await drainer.DrainAsync(DrainTriggers.Sigterm, TimeSpan.Zero).WaitAsync(TimeSpan.FromSeconds(10));

        foreach (var p in new[] { alice, bob, carol })
        {
            var told = p.Notifier.Messages.Select(m => m.Method).ToList();
            int moving = told.IndexOf("Moving");
            Assert.True(moving >= 0 && moving < told.IndexOf("Disconnected"), string.Join(", ", told));
            var move = (MoveInfo)p.Notifier.Of("Moving").Single()[0]!;
            Assert.Equal(new MoveInfo(NodeDrainer.MoveReason, 250, "https://sfu-b.example.com/hubs/room"), move);
            Assert.Equal(NodeDrainer.DisconnectReason, (string)p.Notifier.Of("Disconnected").Single()[0]!);
        }

        Assert.Empty(host.Rooms.Rooms);
        Assert.Equal(3, drainer.ParticipantsMoved);
        Assert.Equal(DrainPhase.Done, drainer.Phase);
        Assert.True(host.Drain.IsDraining);
        Assert.Equal(DrainTriggers.Sigterm, host.Drain.Trigger);
    }

    [Fact]
    public async Task ADrainRunsOnceWhateverStartsIt()
    {
        using var host = new RoomTestHost();
        var drainer = Drainer(host, new DrainOptions { MoveFlushSeconds = 0 });

        var first = drainer.DrainAsync(DrainTriggers.Admin);
        var second = drainer.DrainAsync(DrainTriggers.HostStop, TimeSpan.Zero);

        Assert.Same(first, second);
        await first.WaitAsync(TimeSpan.FromSeconds(10)); // nobody here: done without waiting for the timeout
        Assert.Equal(DrainTriggers.Admin, host.Drain.Trigger);
    }

    [Fact]
    public void TheDrainStateBeginsOnceAndSaysSo()
    {
        var state = new NodeDrainState(TimeProvider.System);
        var began = new List<string>();
        state.Began += began.Add;
        Assert.False(state.IsDraining);
        Assert.Null(state.StartedAt);
        Assert.False(state.Draining.IsCancellationRequested);

        Assert.True(state.TryBegin(DrainTriggers.Sigterm));
        Assert.False(state.TryBegin(DrainTriggers.Admin));

        Assert.True(state.IsDraining);
        Assert.NotNull(state.StartedAt);
        Assert.Equal(DrainTriggers.Sigterm, state.Trigger);
        Assert.True(state.Draining.IsCancellationRequested);
        Assert.Equal(new[] { DrainTriggers.Sigterm }, began);
    }

    [Theory]
    [InlineData("https://sfu-b.example.com", "https://sfu-b.example.com/hubs/room")]
    [InlineData("http://127.0.0.1:5001/", "http://127.0.0.1:5001/hubs/room")]
    [InlineData("https://sfu.example.com/b/hubs/room", "https://sfu.example.com/b/hubs/room")]
    public void MoveToNamesAHubUrl(string moveTo, string hub)
        => Assert.Equal(hub, new DrainOptions { MoveTo = moveTo }.MoveToHubUrl(SignalingServiceCollectionExtensions.HubPath));

    [Theory]
    [InlineData(-1, null)]
    [InlineData(30, "sfu-b:8080")]
    [InlineData(30, "ftp://sfu-b")]
    public void BadOptionsAreRefusedWithTheirName(int timeout, string? moveTo)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => new DrainOptions { DrainTimeoutSeconds = timeout, MoveTo = moveTo }.Validate());
        Assert.Contains("Sfu:Cluster:", e.Message, StringComparison.Ordinal);
    }
}
