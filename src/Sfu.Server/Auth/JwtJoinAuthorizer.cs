using Microsoft.AspNetCore.SignalR;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Contracts;

namespace Sfu.Server.Auth;

/// <summary>
/// Join needs a valid token for the room: in the request (<see cref="JoinRequest.Token"/>), else the SignalR access token
/// (query string <c>access_token</c> on the WebSocket URL, or an <c>Authorization: Bearer</c> header). A refusal says why.
/// </summary>
public sealed class JwtJoinAuthorizer : IJoinAuthorizer
{
    private readonly TokenService _tokens;

    public JwtJoinAuthorizer(TokenService tokens) => _tokens = tokens;

    public async ValueTask<JoinAuthorization> AuthorizeAsync(HubCallerContext context, JoinRequest request)
    {
        var token = string.IsNullOrEmpty(request.Token) ? AccessToken(context.GetHttpContext()) : request.Token;
        if (string.IsNullOrEmpty(token))
        {
            throw new HubException("Join refused: no access token; send the join token as JoinRequest.token or as the connection's access_token (the JS client's token option).");
        }

        ValidatedToken valid;
        try
        {
            valid = await _tokens.ValidateAsync(token);
        }
        catch (TokenValidationFailure e)
        {
            throw new HubException("Join refused: " + e.Message);
        }

        if (valid.Room != request.Room && valid.Room != TokenClaims.AnyRoom)
        {
            throw new HubException($"Join refused: the token is for room '{valid.Room}', not '{request.Room}' (wrong room).");
        }

        if (!valid.Grants.CanPublish && !valid.Grants.CanSubscribe)
        {
            throw new HubException("Join refused: the token grants neither canPublish nor canSubscribe (missing grant).");
        }

        return new JoinAuthorization(valid.Identity, valid.Name, valid.Grants);
    }

    /// <summary>The access token of a request: the query string's <c>access_token</c>, else a bearer Authorization header.</summary>
    public static string? AccessToken(HttpContext? http)
    {
        if (http is null)
        {
            return null;
        }

        var query = http.Request.Query["access_token"].ToString();
        if (!string.IsNullOrEmpty(query))
        {
            return query;
        }

        var header = http.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}
