using System.Security.Cryptography;
using System.Text;
using Sfu.Server.Auth;
using Sfu.Server.Http;

namespace Sfu.Server.Admin;

/// <summary>
/// Admin API authentication, before the endpoint binds (reads) the request body: <c>Authorization: Basic
/// base64(key:secret)</c> with an API key (every room), or <c>Authorization: Bearer JWT</c> with the roomAdmin
/// grant; a token whose room is not <c>*</c> manages that room only. 401 without valid credentials, 403 when they
/// do not reach this room; either way the body is never read and the connection closes after the answer.
/// Runs after routing (it needs the room) for endpoints marked <see cref="AdminCredentialsRequired"/>, and for
/// anything else under <see cref="PathPrefix"/>, so that without credentials even a wrong method or content type
/// (which routing answers with 405 or 415) is 401.
/// </summary>
public sealed class AdminAuthMiddleware
{
    /// <summary>Where the admin API lives.</summary>
    public const string PathPrefix = "/api/rooms";

    private readonly RequestDelegate _next;

    public AdminAuthMiddleware(RequestDelegate next) => _next = next;

    public async Task InvokeAsync(HttpContext http, TokenService tokens, HttpRefusals refusals)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<AdminCredentialsRequired>() is null && !http.Request.Path.StartsWithSegments(PathPrefix, StringComparison.Ordinal))
        {
            await _next(http);
            return;
        }

        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            if (BasicIsValid(tokens, header["Basic ".Length..].Trim()))
            {
                await _next(http);
            }
            else
            {
                await UnauthorizedAsync(http, refusals, "The API key or secret is wrong.");
            }

            return;
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            await UnauthorizedAsync(http, refusals, "Send an admin token (Authorization: Bearer <JWT with the roomAdmin grant>) or an API key (Authorization: Basic base64(key:secret)).");
            return;
        }

        ValidatedToken token;
        try
        {
            token = await tokens.ValidateAsync(header["Bearer ".Length..].Trim());
        }
        catch (TokenValidationFailure e)
        {
            await UnauthorizedAsync(http, refusals, "The admin token is refused: " + e.Message);
            return;
        }

        if (!token.Grants.RoomAdmin)
        {
            await ForbiddenAsync(http, refusals, "The token lacks the roomAdmin grant.");
            return;
        }

        var room = http.GetRouteValue("room") as string;
        if (token.Room != TokenClaims.AnyRoom && token.Room != room)
        {
            await ForbiddenAsync(http, refusals,
                $"The token administers room '{token.Room}' only; this operation needs a token for room '*'" + (room is null ? "." : $" or '{room}'."));
            return;
        }

        await _next(http);
    }

    private static bool BasicIsValid(TokenService tokens, string encoded)
    {
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        var key = tokens.FindKey(decoded[..colon]);
        return key is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key.Secret), Encoding.UTF8.GetBytes(decoded[(colon + 1)..]));
    }

    private static Task UnauthorizedAsync(HttpContext http, HttpRefusals refusals, string detail)
    {
        refusals.Refused(http, RefusalReason.Unauthenticated, detail);
        http.Response.Headers.WWWAuthenticate = "Bearer, Basic realm=\"sfu\"";
        HttpRefusals.CloseIfBodyUnread(http);
        return HttpRefusals.WriteProblemAsync(http, StatusCodes.Status401Unauthorized, "Unauthorized", detail);
    }

    private static Task ForbiddenAsync(HttpContext http, HttpRefusals refusals, string detail)
    {
        refusals.Refused(http, RefusalReason.Forbidden, detail);
        HttpRefusals.CloseIfBodyUnread(http);
        return HttpRefusals.WriteProblemAsync(http, StatusCodes.Status403Forbidden, "Forbidden", detail);
    }
}
