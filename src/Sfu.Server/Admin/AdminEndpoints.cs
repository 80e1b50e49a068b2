using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Sfu.Server.Http;
using Sfu.Signaling.Hubs;
using Sfu.Signaling.Rooms;

namespace Sfu.Server.Admin;

/// <summary>
/// The REST admin API under <c>/api/rooms</c> (docs/admin-api.md): rooms and their participants. Errors are
/// problem details (RFC 9457); the OpenAPI document is at <c>/openapi/v1.json</c>.
/// </summary>
public static class AdminEndpoints
{
    /// <summary>Empty timeout of rooms created through the API when the request names none (seconds).</summary>
    public const int DefaultEmptyTimeout = 300;

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi();
        // Credentials are checked, and the body size capped, before anything reads the body (AdminAuthMiddleware).
        var maxBody = app.ServiceProvider.GetRequiredService<IOptions<HttpLimitsOptions>>().Value.MaxAdminBodyBytes;
        var rooms = app.MapGroup(AdminAuthMiddleware.PathPrefix).WithTags("Admin")
            .WithMetadata(AdminCredentialsRequired.Instance, new BodySizeLimit(maxBody));
        rooms.MapGet("/", ListRooms);
        rooms.MapPost("/", CreateRoomAsync);
        rooms.MapGet("/{room}", GetRoom);
        rooms.MapPatch("/{room}", UpdateRoomAsync);
        rooms.MapDelete("/{room}", DeleteRoomAsync);
        rooms.MapGet("/{room}/participants", ListParticipants);
        rooms.MapGet("/{room}/participants/{id}", GetParticipant);
        rooms.MapDelete("/{room}/participants/{id}", RemoveParticipantAsync);
        rooms.MapPatch("/{room}/participants/{id}", UpdateParticipantAsync);
        rooms.MapPost("/{room}/participants/{id}/tracks/{trackId}/mute", MuteTrackAsync);
        rooms.MapGet("/{room}/participants/{id}/stats", GetStatsAsync);
        rooms.MapAdminData(app.ServiceProvider);
        return app;
    }

    private static Ok<List<RoomSummary>> ListRooms(RoomManager rooms)
        => TypedResults.Ok(rooms.Rooms.Where(r => !r.Closed).OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => RoomSummary.From(r, rooms.Options)).ToList());

    private static async Task<Results<Created<RoomSummary>, ValidationProblem, ProblemHttpResult>> CreateRoomAsync(CreateRoomRequest? request, RoomManager rooms)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = new[] { "Send {name, maxParticipants?, emptyTimeout?, metadata?}." } });
        }

        if (!AdminValidation.IsRoomName(request.Name))
        {
            errors["name"] = new[] { "name: " + AdminValidation.RoomNameRule };
        }

        if (request.MaxParticipants is < 1 or > 10_000)
        {
            errors["maxParticipants"] = new[] { "maxParticipants must be 1-10000." };
        }

        if (request.EmptyTimeout is < 0 or > 86_400)
        {
            errors["emptyTimeout"] = new[] { "emptyTimeout must be 0-86400 seconds." };
        }

        if (!AdminValidation.IsMetadata(request.Metadata))
        {
            errors["metadata"] = new[] { $"metadata must be at most {HubArguments.MaxMetadataLength} characters." };
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid room");
        }

        Room room;
        bool created;
        try
        {
            (room, created) = await rooms.CreateAsync(request.Name!, new RoomSettings
            {
                MaxParticipants = request.MaxParticipants,
                EmptyTimeoutSeconds = request.EmptyTimeout ?? DefaultEmptyTimeout,
                Metadata = request.Metadata,
            });
        }
        catch (RoomException e)
        {
            // Full, or this node drains (NodeDrainingException): either way another node or a later try may do.
            return TypedResults.Problem(title: "Room not created", detail: e.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return created
            ? TypedResults.Created($"/api/rooms/{room.Name}", RoomSummary.From(room, rooms.Options))
            : TypedResults.Problem(title: "Room exists", detail: $"A room named '{room.Name}' already exists.", statusCode: StatusCodes.Status409Conflict);
    }

    private static Results<Ok<RoomSummary>, ProblemHttpResult> GetRoom(string room, RoomManager rooms)
        => Find(rooms, room) is { } r ? TypedResults.Ok(RoomSummary.From(r, rooms.Options)) : NoRoom(room);

    private static async Task<Results<Ok<RoomSummary>, ValidationProblem, ProblemHttpResult>> UpdateRoomAsync(string room, UpdateRoomRequest? request, RoomManager rooms)
    {
        if (request?.Metadata is null || !AdminValidation.IsMetadata(request.Metadata))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["metadata"] = new[] { $"Send {{\"metadata\": \"...\"}} (at most {HubArguments.MaxMetadataLength} characters)." } });
        }

        if (Find(rooms, room) is not { } r)
        {
            return NoRoom(room);
        }

        try
        {
            await r.SetMetadataAsync(request.Metadata);
        }
        catch (RoomClosedException)
        {
            return NoRoom(room);
        }

        return TypedResults.Ok(RoomSummary.From(r, rooms.Options));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteRoomAsync(string room, RoomManager rooms)
        => Find(rooms, room) is not null && await rooms.CloseAsync(room, "room deleted by an admin") ? TypedResults.NoContent() : NoRoom(room);

    private static Results<Ok<List<ParticipantSummary>>, ProblemHttpResult> ListParticipants(string room, RoomManager rooms)
        => Find(rooms, room) is { } r
            ? TypedResults.Ok(r.Participants.OrderBy(p => p.JoinedAt).Select(ParticipantSummary.From).ToList())
            : NoRoom(room);

    private static Results<Ok<ParticipantSummary>, ProblemHttpResult> GetParticipant(string room, string id, RoomManager rooms)
    {
        if (Find(rooms, room) is not { } r)
        {
            return NoRoom(room);
        }

        return r.FindParticipant(id) is { } p ? TypedResults.Ok(ParticipantSummary.From(p)) : NoParticipant(room, id);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveParticipantAsync(string room, string id, RoomManager rooms)
    {
        if (Find(rooms, room) is not { } r)
        {
            return NoRoom(room);
        }

        return await OrClosed(r.RemoveAsync(id, "removed by an admin"), false) ? TypedResults.NoContent() : NoParticipant(room, id);
    }

    private static async Task<Results<Ok<ParticipantSummary>, ValidationProblem, ProblemHttpResult>> UpdateParticipantAsync(
        string room, string id, UpdateParticipantRequest? request, RoomManager rooms)
    {
        if (request is null || (request.Metadata is null && request.Grants is null))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = new[] { "Send {metadata?, grants?} with at least one of them." } });
        }

        if (!AdminValidation.IsMetadata(request.Metadata))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["metadata"] = new[] { $"metadata must be at most {HubArguments.MaxMetadataLength} characters." } });
        }

        if (Find(rooms, room) is not { } r)
        {
            return NoRoom(room);
        }

        return await OrClosed(r.UpdateParticipantAsync(id, request.Metadata, request.Grants?.ToGrants()), null) is { } p
            ? TypedResults.Ok(ParticipantSummary.From(p))
            : NoParticipant(room, id);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> MuteTrackAsync(
        string room, string id, string trackId, MuteTrackRequest? request, RoomManager rooms)
    {
        if (request?.Muted is not { } muted)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["muted"] = new[] { "Send {\"muted\": true} or {\"muted\": false}." } });
        }

        if (Find(rooms, room) is not { } r)
        {
            return NoRoom(room);
        }

        return await OrClosed(r.SetTrackMutedByAdminAsync(id, trackId, muted), null) switch
        {
            null => NoParticipant(room, id),
            false => TypedResults.Problem(title: "Unknown track", detail: $"Participant '{id}' publishes no track '{trackId}'.", statusCode: StatusCodes.Status404NotFound),
            true => TypedResults.NoContent(),
        };
    }

    private static async Task<Results<Ok<ParticipantStats>, ProblemHttpResult>> GetStatsAsync(string room, string id, RoomManager rooms)
    {
        if (Find(rooms, room) is not { } r)
        {
            return NoRoom(room);
        }

        return await OrClosed(r.GetStatsAsync(id), null) is { } stats ? TypedResults.Ok(stats) : NoParticipant(room, id);
    }

    private static Room? Find(RoomManager rooms, string name) => rooms.TryGet(name, out var r) && r is { Closed: false } ? r : null;

    /// <summary>The result of a room request, or <paramref name="closed"/> when the room closed before it ran (its participants went with it).</summary>
    private static async Task<T> OrClosed<T>(Task<T> request, T closed)
    {
        try
        {
            return await request;
        }
        catch (RoomClosedException)
        {
            return closed;
        }
    }

    private static ProblemHttpResult NoRoom(string room)
        => TypedResults.Problem(title: "Unknown room", detail: $"There is no room '{room}'.", statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult NoParticipant(string room, string id)
        => TypedResults.Problem(title: "Unknown participant", detail: $"Room '{room}' has no participant '{id}'.", statusCode: StatusCodes.Status404NotFound);
}
