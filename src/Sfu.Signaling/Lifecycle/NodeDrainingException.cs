using Sfu.Signaling.Rooms;

namespace Sfu.Signaling.Lifecycle;

/// <summary>
/// A new room was refused because this node is draining (<see cref="NodeDrainState"/>). The hub counts it as
/// <c>sfu_hub_refused_total{reason="draining"}</c>; the admin API answers 503. Joins to rooms already here still work.
/// </summary>
public sealed class NodeDrainingException : RoomException
{
    /// <summary>What the caller is told.</summary>
    public const string DefaultMessage = "This server is draining (shutting down or under maintenance) and takes no new rooms; join again through another server.";

    public NodeDrainingException()
        : base(DefaultMessage)
    {
    }
}
