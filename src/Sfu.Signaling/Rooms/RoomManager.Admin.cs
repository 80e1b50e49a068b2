using Sfu.Signaling.Auth;
using Sfu.Signaling.Events;

namespace Sfu.Signaling.Rooms;

/// <summary>Admin operations on rooms (create with settings, delete), room events and per-participant ICE servers.</summary>
public sealed partial class RoomManager
{
    /// <summary>Where room events go (webhooks in the server).</summary>
    public IRoomEvents Events { get; }

    /// <summary>Extra ICE servers per participant (TURN credentials in the server).</summary>
    public IIceServerSource IceServerSource { get; }

    /// <summary>
    /// Creates a room with <paramref name="settings"/>. Created is false when a room with that name already exists
    /// (it is returned unchanged). An empty room created here stays open for its empty timeout.
    /// </summary>
    public async Task<(Room Room, bool Created)> CreateAsync(string name, RoomSettings settings)
    {
        if (_rooms.TryGetValue(name, out var existing) && !existing.Closed)
        {
            return (existing, false);
        }

        var room = await GetOrCreateAsync(name, settings);
        var created = ReferenceEquals(room.Settings, settings);
        if (created)
        {
            RemoveIfEmpty(room); // starts the empty timeout
        }

        return (room, created);
    }

    /// <summary>
    /// Under no lock: if the room has an empty timeout that has not run out, starts (or restarts) it and returns
    /// true, keeping the room open; when it runs out with the room still empty, the room closes.
    /// </summary>
    private bool DeferEmptyClose(Room room)
    {
        if (room.Closed || room.Settings.EmptyTimeoutSeconds <= 0 || room.EmptyTimeoutPassed || !room.IsEmpty)
        {
            return false;
        }

        var generation = ++room.EmptyGeneration;
        _ = Task.Delay(TimeSpan.FromSeconds(room.Settings.EmptyTimeoutSeconds), _time).ContinueWith(
            _ =>
            {
                if (room.EmptyGeneration == generation && room.IsEmpty)
                {
                    room.EmptyTimeoutPassed = true;
                    RemoveIfEmpty(room);
                }
            },
            TaskScheduler.Default);
        return true;
    }
}
