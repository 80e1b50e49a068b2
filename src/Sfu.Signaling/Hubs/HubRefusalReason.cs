using Sfu.Signaling.Rooms;

namespace Sfu.Signaling.Hubs;

/// <summary>Why the hub refused a call: the <c>reason</c> label of <c>sfu.hub.refused</c>, and the log window it is logged under.</summary>
public enum HubRefusalReason
{
    /// <summary>Bad arguments, a call out of order, a refused token: a <see cref="Microsoft.AspNetCore.SignalR.HubException"/> of the hub.</summary>
    Invalid,

    /// <summary>A call that needs a participant on a connection that has none (<c>Join a room first</c>).</summary>
    NotJoined,

    /// <summary>A room refused it (<see cref="RoomException"/>: full, unknown track, ...).</summary>
    Room,

    /// <summary><c>Join</c> over the rate limit (<see cref="JoinRateLimit"/>).</summary>
    RateLimited,

    /// <summary>A new room on a draining node (<see cref="Sfu.Signaling.Lifecycle.NodeDrainingException"/>).</summary>
    Draining,
}
