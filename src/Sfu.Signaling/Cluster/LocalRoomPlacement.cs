namespace Sfu.Signaling.Cluster;

/// <summary>Placement without a cluster: every room lives on this node.</summary>
public sealed class LocalRoomPlacement : IRoomPlacement
{
    public ValueTask<RoomPlacement> PlaceAsync(string room, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(RoomPlacement.Local);
}
