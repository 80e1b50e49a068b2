using Sfu.Signaling.Contracts;
using Sfu.Signaling.Events;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// After each command of the room's <see cref="RoomCommandLoop"/>: the snapshot, and closing. An empty room closes after the
/// command that emptied it (or after its empty timeout, for rooms an admin created), unless a command is waiting (a
/// join that raced with the last leave lands in this room). Closing removes the room from the manager and refuses
/// every command still queued with <see cref="RoomClosedException"/>, which a join retries in a new room.
/// </summary>
public sealed partial class Room
{
    /// <summary>On the loop: publishes the immutable view of the room for other threads.</summary>
    private void PublishSnapshot()
    {
        var participants = new ParticipantSnapshot[_joinOrder.Count];
        int downTracks = 0;
        for (int i = 0; i < participants.Length; i++)
        {
            participants[i] = _joinOrder[i].ToSnapshot();
            downTracks += _joinOrder[i].DownTrackCount;
        }

        _snapshot = new RoomSnapshot(participants, Settings.Metadata, downTracks, _loop.Closed);
    }

    /// <summary>On the loop, after each command: closes the room when it is empty and nothing waits (see the class).</summary>
    private void CloseIfEmpty()
    {
        if (_loop.Closed)
        {
            return;
        }

        if (_participants.Count > 0)
        {
            _emptyTimeout.Cancel();
            return;
        }

        if (_loop.Waiting > 0 || _emptyTimeout.Running)
        {
            return; // a command waits (perhaps a join): decide after it; or the empty timeout runs
        }

        if (Settings.EmptyTimeoutSeconds > 0 && !_emptyTimeout.Passed)
        {
            _emptyTimeout.Start(Settings.EmptyTimeoutSeconds, () => _participants.Count == 0);
            return;
        }

        Close();
    }

    /// <summary>On the loop: the room is done. Later commands (and those still queued) get <see cref="RoomClosedException"/>.</summary>
    private void Close()
    {
        _manager.Remove(this);
        _loop.Close();
        _emptyTimeout.Stop();
        Worker.Post(() => Worker.RemoveTickHandler(Router.Tick));
        RoomLog.RoomClosed(_logger, Name);
        _manager.Events.Publish(new RoomEvent(RoomEventTypes.RoomFinished, Name, _time.GetUtcNow()));
    }

    /// <summary>
    /// Checks whether the room should close now (an admin created it with an empty timeout of 0, or one runs out):
    /// a command like any other, after which the loop's empty check runs.
    /// </summary>
    internal Task CheckEmptyAsync() => Enqueue("empty check", () => Task.CompletedTask);

    /// <summary>
    /// Closes the room: everyone is told <paramref name="reason"/> (<c>Disconnected</c>) and removed; first, with
    /// <paramref name="move"/>, everyone is told where to rejoin (<c>Moving</c>: the node drains), all at once so that
    /// nobody's rejoin waits for the others' removal.
    /// </summary>
    public Task CloseAsync(string reason, MoveInfo? move = null) => Enqueue("close", async () =>
    {
        if (move is not null)
        {
            foreach (var p in _joinOrder)
            {
                p.Notifier?.Moving(move);
            }
        }

        foreach (var p in _joinOrder.ToList())
        {
            p.Notifier?.Disconnected(reason);
            await RemoveParticipantAsync(p, reason);
        }

        Close();
    });
}
