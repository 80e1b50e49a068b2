namespace Sfu.Signaling.Cluster;

/// <summary>Where a room lives: on this node, or on the node <see cref="NodeId"/> reached at <see cref="SignalingUrl"/>.</summary>
public sealed record RoomPlacement
{
    /// <summary>The room is (or will be) hosted here.</summary>
    public static readonly RoomPlacement Local = new();

    private RoomPlacement()
    {
    }

    /// <summary>True when another node owns the room.</summary>
    public bool IsRemote => NodeId is not null;

    /// <summary>The owning node, when it is another node.</summary>
    public string? NodeId { get; private init; }

    /// <summary>The owning node's public signaling base URL (scheme, host, port), when it is another node.</summary>
    public string? SignalingUrl { get; private init; }

    /// <summary>The room is owned by <paramref name="nodeId"/>, whose public base URL is <paramref name="signalingUrl"/>.</summary>
    public static RoomPlacement Remote(string nodeId, string signalingUrl) => new() { NodeId = nodeId, SignalingUrl = signalingUrl };
}
