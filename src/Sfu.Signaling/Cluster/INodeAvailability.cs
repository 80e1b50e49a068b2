namespace Sfu.Signaling.Cluster;

/// <summary>
/// Whether this node takes new rooms. The cluster publishes it as the <c>draining</c> flag of the node's registry
/// entry, and room placement never chooses a draining node (nor this one while it drains). Rooms already open here
/// are not affected.
/// </summary>
public interface INodeAvailability
{
    /// <summary>True while the node drains: it keeps its calls but takes no new rooms.</summary>
    bool IsDraining { get; }
}
