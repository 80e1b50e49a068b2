using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Sfu.Server.Http;
using Sfu.Signaling.Rooms;

namespace Sfu.Server.Admin;

/// <summary>Room data through the admin API (docs/admin-api.md, "Data messages"), as LiveKit's <c>SendData</c>.</summary>
public static class AdminDataEndpoints
{
    /// <summary>
    /// Maps <c>POST {room}/data</c> on the admin group. Its body may exceed the admin API's usual cap: it must hold the
    /// largest message in base64 (4/3 of <c>Sfu:Rooms:Data:MaxMessageBytes</c>), within <c>Sfu:Http:MaxRequestBodyBytes</c>.
    /// </summary>
    public static RouteGroupBuilder MapAdminData(this RouteGroupBuilder rooms, IServiceProvider services)
    {
        long maxMessage = services.GetRequiredService<IOptions<RoomOptions>>().Value.Data.MaxMessageBytes;
        var http = services.GetRequiredService<IOptions<HttpLimitsOptions>>().Value;
        long body = Math.Min(http.MaxRequestBodyBytes, Math.Max(http.MaxAdminBodyBytes, ((maxMessage + 2) / 3 * 4) + 4096));
        rooms.MapPost("/{room}/data", SendDataAsync).WithMetadata(new BodySizeLimit(body));
        return rooms;
    }

    private static async Task<Results<Ok<SendDataResponse>, ValidationProblem, ProblemHttpResult>> SendDataAsync(
        string room, SendDataRequest? request, RoomManager rooms, IOptions<RoomOptions> options)
    {
        var errors = new Dictionary<string, string[]>();
        byte[] payload = [];
        if (request is null || (request.Text is null) == (request.Base64 is null))
        {
            errors["payload"] = new[] { "Send {text} or {base64}, with topic?, reliable?, destinations?." };
        }
        else if (request.Base64 is not null)
        {
            try
            {
                payload = Convert.FromBase64String(request.Base64);
            }
            catch (FormatException)
            {
                errors["base64"] = new[] { "base64 is not valid base64." };
            }
        }
        else
        {
            payload = Encoding.UTF8.GetBytes(request.Text!);
        }

        int max = options.Value.Data.MaxMessageBytes;
        if (payload.Length > max)
        {
            errors["payload"] = new[] { $"The payload is {payload.Length} bytes; a data message is limited to {max}." };
        }

        if (request?.Topic is { } topic && Encoding.UTF8.GetByteCount(topic) > 255)
        {
            errors["topic"] = new[] { "topic is limited to 255 bytes (UTF-8)." };
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (!rooms.TryGet(room, out var r) || r is null || r.Closed)
        {
            return TypedResults.Problem(title: "Unknown room", detail: $"There is no room '{room}'.", statusCode: StatusCodes.Status404NotFound);
        }

        try
        {
            int delivered = await r.SendDataAsync(payload, request!.Text is not null, request.Topic, request.Reliable ?? true, request.Destinations);
            return TypedResults.Ok(new SendDataResponse(delivered));
        }
        catch (RoomClosedException)
        {
            return TypedResults.Problem(title: "Unknown room", detail: $"There is no room '{room}'.", statusCode: StatusCodes.Status404NotFound);
        }
    }
}
