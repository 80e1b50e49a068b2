using Microsoft.AspNetCore.Http.HttpResults;
using Sfu.Signaling.Lifecycle;
using Sfu.Signaling.Rooms;

namespace Sfu.Server.Admin;

/// <summary>
/// The node's own admin API under <c>/api/node</c> (docs/admin-api.md), with the admin credentials of the room API
/// (an API key, or a token with the roomAdmin grant for every room): <c>GET /api/node</c> shows whether the node
/// drains and what is on it; <c>POST /api/node/drain</c> begins the same drain as SIGTERM without stopping the process
/// (before maintenance: once the node is empty it stays up, refusing new rooms, until it is stopped).
/// </summary>
public static class NodeEndpoints
{
    public const string PathPrefix = "/api/node";

    public static IEndpointRouteBuilder MapNodeApi(this IEndpointRouteBuilder app)
    {
        var node = app.MapGroup(PathPrefix).WithTags("Node").WithMetadata(AdminCredentialsRequired.Instance);
        node.MapGet("/", GetNode);
        node.MapPost("/drain", Drain);
        return app;
    }

    private static Ok<NodeStatus> GetNode(NodeDrainer drainer, RoomManager rooms) => TypedResults.Ok(NodeStatus.From(drainer, rooms));

    /// <summary>202 with the node's status; the drain goes on in the background (a second call changes nothing).</summary>
    private static Accepted<NodeStatus> Drain(NodeDrainer drainer, RoomManager rooms)
    {
        _ = drainer.DrainAsync(DrainTriggers.Admin);
        return TypedResults.Accepted(PathPrefix, NodeStatus.From(drainer, rooms));
    }
}
