using System.Security.Cryptography;
using System.Text;
using Sfu.Server.Auth;

namespace Sfu.Server.Admin;

/// <summary>
/// Admin API authentication: <c>Authorization: Basic base64(key:secret)</c> with an API key (every room), or
/// <c>Authorization: Bearer JWT</c> with the roomAdmin grant; a token whose room is not <c>*</c> manages that room only.
/// 401 without valid credentials, 403 when they do not reach this room.
/// </summary>
public sealed class AdminAuthFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var tokens = http.RequestServices.GetRequiredService<TokenService>();
        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return BasicIsValid(tokens, header["Basic ".Length..].Trim())
                ? await next(context)
                : Unauthorized(http, "The API key or secret is wrong.");
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Unauthorized(http, "Send an admin token (Authorization: Bearer <JWT with the roomAdmin grant>) or an API key (Authorization: Basic base64(key:secret)).");
        }

        ValidatedToken token;
        try
        {
            token = await tokens.ValidateAsync(header["Bearer ".Length..].Trim());
        }
        catch (TokenValidationFailure e)
        {
            return Unauthorized(http, "The admin token is refused: " + e.Message);
        }

        if (!token.Grants.RoomAdmin)
        {
            return TypedResults.Problem(title: "Forbidden", detail: "The token lacks the roomAdmin grant.", statusCode: StatusCodes.Status403Forbidden);
        }

        var room = http.GetRouteValue("room") as string;
        if (token.Room != TokenClaims.AnyRoom && token.Room != room)
        {
            return TypedResults.Problem(
                title: "Forbidden",
                detail: $"The token administers room '{token.Room}' only; this operation needs a token for room '*'" + (room is null ? "." : $" or '{room}'."),
                statusCode: StatusCodes.Status403Forbidden);
        }

        return await next(context);
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

    private static IResult Unauthorized(HttpContext http, string detail)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer, Basic realm=\"sfu\"";
        return TypedResults.Problem(title: "Unauthorized", detail: detail, statusCode: StatusCodes.Status401Unauthorized);
    }
}
