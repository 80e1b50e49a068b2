using Sfu.Signaling.Cluster;
using Sfu.Signaling.Rooms;

namespace Sfu.Server.Cluster;

/// <summary>
/// Placement in a cluster. A room open on this node stays here (no Redis call: joins to it go on while Redis is down).
/// Otherwise the live nodes are read from the registry, <see cref="PlacementPolicy"/> picks the least-loaded one that
/// takes new rooms (never a draining node; this node's own flag is read live), and the claim script makes it the owner
/// unless a live node owns the room already. Either way every node gets the same owner for a room.
/// </summary>
public sealed class ClusterRoomPlacement : IRoomPlacement
{
    /// <summary>What a join or create is told when no node takes new rooms.</summary>
    public const string NoNodeMessage = "No node of the cluster can take a new room now (every node is full or draining); try again later.";

    private readonly ClusterNode _node;
    private readonly RedisClusterStore _store;
    private readonly RoomManager _rooms;
    private readonly ClusterMetrics _metrics;

    public ClusterRoomPlacement(ClusterNode node, RedisClusterStore store, RoomManager rooms, ClusterMetrics metrics)
    {
        _node = node;
        _store = store;
        _rooms = rooms;
        _metrics = metrics;
    }

    public async ValueTask<RoomPlacement> PlaceAsync(string room, CancellationToken cancellationToken = default)
    {
        if (_rooms.TryGet(room, out var open) && open is { Closed: false })
        {
            _metrics.Placed(remote: false);
            return RoomPlacement.Local;
        }

        var nodes = await _store.ListNodesAsync(cancellationToken);
        bool draining = _node.IsDraining;
        var candidate = PlacementPolicy.Choose(nodes.Select(n => n.Id == _node.Id ? n with { Draining = draining } : n));
        string? owner;
        if (candidate is null)
        {
            // Nobody takes a new room; a room a live node owns already is still found.
            owner = await _store.GetRoomOwnerAsync(room, cancellationToken);
            if (owner is null || nodes.All(n => n.Id != owner))
            {
                throw new RoomException(NoNodeMessage);
            }
        }
        else
        {
            owner = await _store.ClaimRoomAsync(room, candidate.Id, cancellationToken);
        }

        if (owner == _node.Id)
        {
            _node.Claimed(room);
            _metrics.Placed(remote: false);
            return RoomPlacement.Local;
        }

        var entry = nodes.FirstOrDefault(n => n.Id == owner) ?? await _store.GetNodeAsync(owner, cancellationToken);
        if (entry is null || string.IsNullOrEmpty(entry.Url))
        {
            // The owner went away between the claim and now: the next attempt places the room again.
            throw new RoomException($"The node hosting room '{room}' just went away; retry in a few seconds.");
        }

        _metrics.Placed(remote: true);
        return RoomPlacement.Remote(entry.Id, entry.Url);
    }
}
