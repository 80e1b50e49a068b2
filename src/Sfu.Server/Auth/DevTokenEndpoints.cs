using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Sfu.Server.Admin;
using Sfu.Server.Http;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Hubs;

namespace Sfu.Server.Auth;

/// <summary>
/// <c>POST /api/dev/token {room, name}</c>: a join token (publish, subscribe, data) for anyone, used by the room page.
/// Mapped only in development mode (<c>Sfu:Auth:Development</c>).
/// </summary>
public static class DevTokenEndpoints
{
    public static IEndpointRouteBuilder MapDevTokens(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<AuthOptions>>().Value;
        if (options.Development)
        {
            app.MapPost("/api/dev/token", Create).WithTags("Development").RequireRateLimiting(HttpEdgeSetup.DevTokenPolicy);
        }

        return app;
    }

    private static Results<Ok<DevTokenResponse>, ValidationProblem> Create(DevTokenRequest? request, TokenService tokens, TimeProvider time)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null || !AdminValidation.IsRoomName(request.Room))
        {
            errors["room"] = new[] { AdminValidation.RoomNameRule };
        }

        if (request is null || !AdminValidation.IsDisplayName(request.Name))
        {
            errors["name"] = new[] { $"name must be 1-{HubArguments.MaxNameLength} printable characters." };
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid token request");
        }

        var ttl = TimeSpan.FromSeconds(tokens.Options.DevelopmentTokenTtlSeconds);
        var identity = "dev-" + Guid.NewGuid().ToString("N")[..12];
        var token = tokens.Create(new TokenRequest(identity, request!.Name, request.Room!, ParticipantGrants.Default, ttl));
        return TypedResults.Ok(new DevTokenResponse(token, request.Room!, identity, time.GetUtcNow() + ttl));
    }
}
