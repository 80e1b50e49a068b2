using Sfu.Signaling.Lifecycle;
using Sfu.Signaling.Rooms;

namespace Sfu.Server.Admin;

/// <summary>
/// This node as <c>GET /api/node</c> shows it: whether it drains (since when, why, which phase, when the participants
/// still here will be moved), and its rooms, participants and hub connections.
/// </summary>
public sealed record NodeStatus(
    bool Draining,
    DateTimeOffset? DrainStartedAt,
    string? DrainTrigger,
    string DrainPhase,
    DateTimeOffset? MoveDeadline,
    int DrainTimeoutSeconds,
    int ParticipantsMoved,
    int Rooms,
    int Participants,
    long Connections)
{
    public static NodeStatus From(NodeDrainer drainer, RoomManager rooms)
    {
        var state = drainer.State;
        var open = rooms.Rooms.Where(r => !r.Closed).ToList();
        return new NodeStatus(
            state.IsDraining,
            state.StartedAt,
            state.Trigger,
            drainer.Phase.ToString().ToLowerInvariant(),
            drainer.MoveDeadline,
            drainer.Options.DrainTimeoutSeconds,
            drainer.ParticipantsMoved,
            open.Count,
            open.Sum(r => r.Participants.Count),
            rooms.SignalingMetrics.OpenConnections);
    }
}
