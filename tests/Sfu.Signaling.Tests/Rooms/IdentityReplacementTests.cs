using Sfu.Signaling.Rooms;
using Sfu.Signaling.Tests.Infrastructure;

namespace Sfu.Signaling.Tests.Rooms;

/// <summary>One identity is in a room once: a second join replaces the first (as LiveKit does).</summary>
public sealed class IdentityReplacementTests : IDisposable
{
    private readonly RoomTestHost _host = new(o => o.MaxParticipants = 3);

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task ASecondJoinWithTheSameIdentityReplacesTheFirst()
    {
        var name = RoomTestHost.NewRoomName();
        var first = await _host.JoinAsync(name, "Alice", identity: "alice");
        await first.PublishAsync(BrowserOffers.SendRecv);
        var bob = await _host.JoinAsync(name, "Bob", identity: "bob");
        var second = await _host.JoinAsync(name, "Alice again", identity: "alice");

        // The first is told why and is gone, with its tracks; the newcomer does not see it.
        Assert.Equal(Room.ReplacedReason, Assert.Single(first.Notifier.Of("Disconnected"))[0]);
        Assert.True(first.Participant.Left);
        Assert.Equal(new[] { bob.Id, second.Id }, second.Room.Participants.Select(p => p.Id));
        Assert.Equal(bob.Id, Assert.Single(second.Response.Participants).ParticipantId);

        // Bob hears the first leave (its tracks unpublished) and then the second join, in that order.
        var order = bob.Notifier.Messages.Select(m => m.Method).Where(m => m is "ParticipantLeft" or "ParticipantJoined" or "TrackUnpublished").ToList();
        Assert.Equal(new[] { "TrackUnpublished", "TrackUnpublished", "ParticipantLeft", "ParticipantJoined" }, order);

        // A call on behalf of the replaced participant is refused.
        var e = await Assert.ThrowsAsync<RoomException>(() => first.PublishAsync(BrowserOffers.SendRecv));
        Assert.Equal("You have left the room; join again.", e.Message);
    }

    [Fact]
    public async Task OneIdentityCannotFillARoom()
    {
        var name = RoomTestHost.NewRoomName();
        for (int i = 0; i < 10; i++)
        {
            await _host.JoinAsync(name, "Same", identity: "same");
        }

        Assert.Single(_host.Room(name).Participants);
        await _host.JoinAsync(name, "Other", identity: "other");
        await _host.JoinAsync(name, "Third", identity: "third");
        var full = await Assert.ThrowsAsync<RoomException>(() => _host.JoinAsync(name, "Fourth", identity: "fourth"));
        Assert.Equal($"Room '{name}' is full (3 participants).", full.Message);

        // A replacing join needs no free place: it takes the place of the one it replaces.
        await _host.JoinAsync(name, "Same", identity: "same");
        Assert.Equal(3, _host.Room(name).Participants.Count);
    }

    [Fact]
    public async Task WithoutIdentitiesTwoJoinsAreTwoParticipants()
    {
        var name = RoomTestHost.NewRoomName();
        await _host.JoinAsync(name, "Anon");
        await _host.JoinAsync(name, "Anon");
        Assert.Equal(2, _host.Room(name).Participants.Count);
    }
}
