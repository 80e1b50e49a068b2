using Sfu.Signaling.Auth;
using Sfu.Signaling.Events;

namespace Sfu.Signaling.Rooms;

/// <summary>Admin operations on rooms (create with settings), room events and per-participant ICE servers.</summary>
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
    /// <exception cref="RoomException">The server hosts its maximum of rooms.</exception>
    public async Task<(Room Room, bool Created)> CreateAsync(string name, RoomSettings settings)
    {
        var (room, created) = GetOrCreate(name, settings);
        if (created)
        {
            try
            {
                await room.CheckEmptyAsync(); // starts the empty timeout (or closes at once with a timeout of 0)
            }
            catch (RoomClosedException)
            {
            }
        }

        return (room, created);
    }
}
