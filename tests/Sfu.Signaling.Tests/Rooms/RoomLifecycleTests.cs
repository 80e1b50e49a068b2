using Sfu.Signaling.Events;
using Sfu.Signaling.Rooms;
using Sfu.Signaling.Tests.Infrastructure;

namespace Sfu.Signaling.Tests.Rooms;

/// <summary>Rooms are created, run their commands one at a time and close without races (no SignalR involved).</summary>
public sealed class RoomLifecycleTests : IDisposable
{
    private readonly RoomTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task JoiningWhileTheLastParticipantLeavesNeverLandsInADeadRoom()
    {
        for (int i = 0; i < 100; i++)
        {
            var name = RoomTestHost.NewRoomName();
            var alice = await _host.JoinAsync(name, "Alice");
            var leaving = Task.Run(() => alice.Room.LeaveAsync(alice.Participant, "left"));
            var joining = Task.Run(() => _host.JoinAsync(name, "Bob"));
            await Task.WhenAll(leaving, joining);
            var bob = await joining;

            // Bob is in an open room, the one the manager hands out for that name, and it lists him.
            Assert.False(bob.Room.Closed, $"iteration {i}: Bob joined a room that closed");
            Assert.Same(bob.Room, _host.Room(name));
            Assert.NotNull(bob.Room.FindParticipant(bob.Id));
            Assert.DoesNotContain(bob.Room.Participants, p => p.Id == alice.Id);

            await bob.Room.LeaveAsync(bob.Participant, "left");
            Assert.False(_host.Rooms.TryGet(name, out _), $"iteration {i}: the room stayed open with nobody in it");
        }

        // The narrowest case, made certain: a joiner that looked the room up just before it closed is refused by it
        // (never added to it), and the manager's join retries in a new room.
        var last = RoomTestHost.NewRoomName();
        var carol = await _host.JoinAsync(last, "Carol");
        var stale = carol.Room;
        await stale.LeaveAsync(carol.Participant, "left");
        var auth = new Sfu.Signaling.Auth.JoinAuthorization(null, null, Sfu.Signaling.Auth.ParticipantGrants.Default);
        await Assert.ThrowsAsync<RoomClosedException>(() => stale.JoinAsync(new Sfu.Signaling.Contracts.JoinRequest(last, "Dave"), auth, new RecordingNotifier(), default));
        Assert.True(stale.IsEmpty);
        var dave = await _host.JoinAsync(last, "Dave");
        Assert.NotSame(stale, dave.Room);
        Assert.Same(dave.Room, _host.Room(last));
    }

    [Fact]
    public async Task AClosedRoomRunsNoMoreCommandsAndTheNextJoinGetsANewRoom()
    {
        var name = RoomTestHost.NewRoomName();
        var alice = await _host.JoinAsync(name, "Alice");
        var first = alice.Room;
        await first.LeaveAsync(alice.Participant, "left");

        Assert.True(first.Closed);
        Assert.True(first.Snapshot.Closed);
        Assert.False(_host.Rooms.TryGet(name, out _));
        await Assert.ThrowsAsync<RoomClosedException>(() => first.GetStatsAsync(alice.Id));
        Assert.Equal(
            new[] { RoomEventTypes.RoomStarted, RoomEventTypes.ParticipantJoined, RoomEventTypes.ParticipantLeft, RoomEventTypes.RoomFinished },
            _host.Events.Events.Where(e => e.Room == name).Select(e => e.Event));

        var bob = await _host.JoinAsync(name, "Bob");
        Assert.NotSame(first, bob.Room);
        Assert.False(bob.Room.Closed);
    }

    [Fact]
    public async Task ConcurrentJoinsStopExactlyAtTheParticipantLimit()
    {
        using var host = new RoomTestHost(o => o.MaxParticipants = 20);
        var name = RoomTestHost.NewRoomName();
        var attempts = Enumerable.Range(0, 60).Select(i => Task.Run(async () =>
        {
            try
            {
                await host.JoinAsync(name, "P" + i);
                return null;
            }
            catch (RoomException e)
            {
                return e.Message;
            }
        })).ToList();
        var results = await Task.WhenAll(attempts);

        Assert.Equal(20, results.Count(r => r is null));
        Assert.All(results.Where(r => r is not null), r => Assert.Equal($"Room '{name}' is full (20 participants).", r));
        Assert.Equal(20, host.Room(name).Participants.Count);
    }

    [Fact]
    public async Task ReadsComeFromASnapshotThatIncludesTheCallersOwnChange()
    {
        var name = RoomTestHost.NewRoomName();
        var alice = await _host.JoinAsync(name, "Alice");
        var snapshot = alice.Room.Snapshot;
        var me = Assert.Single(snapshot.Participants);
        Assert.Equal((alice.Id, "Alice", true), (me.Id, me.Name, me.Connected));

        await alice.PublishAsync(BrowserOffers.SendRecv);
        Assert.Equal(2, alice.Room.FindParticipant(alice.Id)!.Tracks.Count);
        Assert.Same(snapshot.Participants, snapshot.Participants); // a snapshot never changes under its reader
        Assert.Empty(snapshot.Participants[0].Tracks);
        Assert.Equal((alice.Room, alice.Id), (_host.Rooms.FindParticipant(alice.Id)!.Value.Room, _host.Rooms.FindParticipant(alice.Id)!.Value.Participant.Id));
    }

    [Fact]
    public async Task AnAdminCreatedRoomStaysOpenForItsEmptyTimeout()
    {
        var name = RoomTestHost.NewRoomName();
        var (room, created) = await _host.Rooms.CreateAsync(name, new RoomSettings { EmptyTimeoutSeconds = 60 });
        Assert.True(created);
        var alice = await _host.JoinAsync(name, "Alice");
        await room.LeaveAsync(alice.Participant, "left");

        _host.Time.Advance(TimeSpan.FromSeconds(59));
        await room.CheckEmptyAsync();
        Assert.False(room.Closed);

        _host.Time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => room.Closed, "the empty timeout closes the room");
        Assert.False(_host.Rooms.TryGet(name, out _));
    }
}
