using Sfu.Signaling.Tests.Infrastructure;

namespace Sfu.Signaling.Tests.Rooms;

/// <summary>A join whose connection is already gone when the room runs it leaves nothing behind.</summary>
public sealed class JoinAbortTests : IDisposable
{
    private readonly RoomTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task AJoinWhoseConnectionDroppedBeforeItRanIsDropped()
    {
        var name = RoomTestHost.NewRoomName();
        var bob = await _host.JoinAsync(name, "Bob");
        using var gone = new CancellationTokenSource();
        gone.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _host.JoinAsync(name, "Ghost", aborted: gone.Token));
        Assert.Equal(new[] { bob.Id }, _host.Room(name).Participants.Select(p => p.Id));
        Assert.False(bob.Notifier.Received("ParticipantJoined"));
    }
}
