using Sfu.Signaling.Rooms;
using Sfu.Signaling.Tests.Infrastructure;

namespace Sfu.Signaling.Tests.Rooms;

/// <summary>The reconnect grace period runs on the room manager's TimeProvider: the tests move time.</summary>
public sealed class GracePeriodTests : IDisposable
{
    private readonly RoomTestHost _host = new(o => o.ReconnectGraceSeconds = 15);

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task ALostConnectionKeepsTheParticipantUntilTheGracePeriodRunsOut()
    {
        var name = RoomTestHost.NewRoomName();
        var alice = await _host.JoinAsync(name, "Alice");
        var bob = await _host.JoinAsync(name, "Bob");

        await alice.Room.ConnectionLostAsync(alice.Participant, alice.Notifier);
        Assert.False(alice.Room.FindParticipant(alice.Id)!.Connected);

        _host.Time.Advance(TimeSpan.FromSeconds(14.9));
        await alice.Room.CheckEmptyAsync(); // a command after the timer would have queued its own
        Assert.NotNull(alice.Room.FindParticipant(alice.Id));
        Assert.False(bob.Notifier.Received("ParticipantLeft"));

        _host.Time.Advance(TimeSpan.FromSeconds(0.1));
        await Eventually.TrueAsync(() => bob.Notifier.Received("ParticipantLeft", a => (string?)a[0] == alice.Id), "Bob hears that Alice left");
        Assert.True(alice.Participant.Left);
        await alice.Room.CheckEmptyAsync(); // the snapshot is published after the command that told Bob
        Assert.Null(alice.Room.FindParticipant(alice.Id));
    }

    [Fact]
    public async Task ResumingWithinTheGracePeriodEndsItAndOthersSeeItReconnectingThenBack()
    {
        var name = RoomTestHost.NewRoomName();
        var alice = await _host.JoinAsync(name, "Alice");
        var bob = await _host.JoinAsync(name, "Bob");
        await alice.Room.ConnectionLostAsync(alice.Participant, alice.Notifier);
        _host.Time.Advance(TimeSpan.FromSeconds(10));

        var again = new RecordingNotifier();
        var wrong = await Assert.ThrowsAsync<RoomException>(() => _host.Rooms.ResumeAsync(alice.Id, "RT_wrong", again));
        Assert.Equal(RoomManager.NoParticipantToResume, wrong.Message);

        var (resumed, response) = await _host.Rooms.ResumeAsync(alice.Id, alice.Response.ResumeToken, again);
        Assert.Same(alice.Participant, resumed);
        Assert.Equal(bob.Id, Assert.Single(response.Participants).ParticipantId);
        Assert.True(alice.Room.FindParticipant(alice.Id)!.Connected);

        _host.Time.Advance(TimeSpan.FromSeconds(30));
        await alice.Room.CheckEmptyAsync();
        await Task.Delay(50); // a grace timer that still fired would have queued its removal by now
        await alice.Room.CheckEmptyAsync();
        Assert.False(alice.Participant.Left);
        Assert.False(bob.Notifier.Received("ParticipantLeft"));
        Assert.Equal(
            new[] { "ParticipantReconnecting", "ParticipantResumed" },
            bob.Notifier.Messages.Where(m => m.Method is "ParticipantReconnecting" or "ParticipantResumed").Select(m => m.Method));

        // The old connection's end, reported late, does not start a grace period for the resumed participant.
        await alice.Room.ConnectionLostAsync(alice.Participant, alice.Notifier);
        Assert.True(alice.Room.FindParticipant(alice.Id)!.Connected);
    }

    [Fact]
    public async Task AfterTheGracePeriodResumingIsRefusedAndTheEmptyRoomCloses()
    {
        var name = RoomTestHost.NewRoomName();
        var alice = await _host.JoinAsync(name, "Alice");
        var room = alice.Room;
        await room.ConnectionLostAsync(alice.Participant, alice.Notifier);
        _host.Time.Advance(TimeSpan.FromSeconds(15));
        await Eventually.TrueAsync(() => room.Closed, "the room closes when Alice's grace period ends");

        var e = await Assert.ThrowsAsync<RoomException>(() => _host.Rooms.ResumeAsync(alice.Id, alice.Response.ResumeToken, new RecordingNotifier()));
        Assert.Contains("join again", e.Message, StringComparison.Ordinal);
    }
}
