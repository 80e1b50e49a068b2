using Sfu.Signaling.Rooms;

namespace Sfu.Signaling.Cluster;

/// <summary>
/// The cluster store (Redis) did not answer, or its circuit is open: a room that is not open on this node can be
/// neither found nor placed. Rooms already open go on; the caller is told to retry (<see cref="DefaultMessage"/>).
/// </summary>
public sealed class ClusterStoreUnavailableException : RoomException
{
    /// <summary>What the caller is told.</summary>
    public const string DefaultMessage = "Cluster store unavailable, retry in a few seconds.";

    public ClusterStoreUnavailableException(Exception? inner = null)
        : base(DefaultMessage)
    {
        if (inner is not null)
        {
            Data["cause"] = inner.GetType().Name + ": " + inner.Message;
        }
    }
}
