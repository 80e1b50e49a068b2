namespace Sfu.Signaling.Cluster;

/// <summary>
/// Decides which node hosts a room. One node alone hosts every room (<see cref="LocalRoomPlacement"/>); a cluster
/// looks the room up in its store and, for a room no live node owns yet, makes the least-loaded node its owner.
/// </summary>
public interface IRoomPlacement
{
    /// <summary>
    /// Where <paramref name="room"/> lives, placing it if nobody owns it: <see cref="RoomPlacement.Local"/> means this
    /// node (it owns the room from now on and may create it).
    /// </summary>
    /// <exception cref="ClusterStoreUnavailableException">The cluster store cannot be reached: nothing was placed.</exception>
    /// <exception cref="Rooms.RoomException">No node can take the room (all full or draining).</exception>
    ValueTask<RoomPlacement> PlaceAsync(string room, CancellationToken cancellationToken = default);
}
