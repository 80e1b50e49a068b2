using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Sfu.Signaling.Auth;

namespace Sfu.Server.Auth;

/// <summary>
/// Issues and verifies join and admin tokens: JWTs signed with HS256 by an API key's secret. The header's
/// <c>kid</c> (or else the <c>iss</c> claim) names the key; claims: <c>sub</c> (identity), <c>name</c>, <c>room</c>
/// (<c>*</c>: every room), <c>grants</c> {canPublish, canSubscribe, canPublishData, roomAdmin}, <c>exp</c>, <c>nbf</c>, <c>iat</c>.
/// </summary>
public sealed class TokenService
{
    private readonly AuthOptions _options;
    private readonly TimeProvider _time;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public TokenService(IOptions<AuthOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
    }

    public AuthOptions Options => _options;

    /// <summary>A signed token; with no key named, the first configured key signs (the development key in development mode).</summary>
    public string Create(TokenRequest request)
    {
        var key = FindKey(request.Key) ?? throw new InvalidOperationException(request.Key is null
            ? "No API key is configured (Sfu:Auth:ApiKeys)."
            : $"No API key '{request.Key}' is configured (Sfu:Auth:ApiKeys).");
        var now = _time.GetUtcNow();
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = request.Identity,
            [TokenClaims.Room] = request.Room,
            [TokenClaims.Grants] = new Dictionary<string, object>
            {
                [TokenClaims.CanPublish] = request.Grants.CanPublish,
                [TokenClaims.CanSubscribe] = request.Grants.CanSubscribe,
                [TokenClaims.CanPublishData] = request.Grants.CanPublishData,
                [TokenClaims.RoomAdmin] = request.Grants.RoomAdmin,
            },
        };
        if (request.Name is not null)
        {
            claims[JwtRegisteredClaimNames.Name] = request.Name;
        }

        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = key.Key,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + request.Ttl).UtcDateTime,
            SigningCredentials = new SigningCredentials(SigningKey(key), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>Verifies <paramref name="token"/>; throws <see cref="TokenValidationFailure"/> saying why it is refused.</summary>
    public async Task<ValidatedToken> ValidateAsync(string? token)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new TokenValidationFailure("no token was sent.");
        }

        JsonWebToken jwt;
        try
        {
            jwt = _handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            throw new TokenValidationFailure("the token is not a JWT.");
        }

        if (jwt.Alg != SecurityAlgorithms.HmacSha256)
        {
            throw new TokenValidationFailure($"the token must be signed with HS256 (its alg is '{jwt.Alg}').");
        }

        var keyName = !string.IsNullOrEmpty(jwt.Kid) ? jwt.Kid : jwt.Issuer;
        if (string.IsNullOrEmpty(keyName))
        {
            throw new TokenValidationFailure("the token names no API key (header 'kid' or claim 'iss').");
        }

        var key = FindKey(keyName) ?? throw new TokenValidationFailure($"the token is signed with API key '{keyName}', which this server does not know (wrong key).");
        var result = await _handler.ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            IssuerSigningKey = SigningKey(key),
            ValidAlgorithms = new[] { SecurityAlgorithms.HmacSha256 },
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            TryAllIssuerSigningKeys = false,
            ClockSkew = TimeSpan.FromSeconds(_options.ClockSkewSeconds),
            LifetimeValidator = ValidateLifetime,
        });
        if (!result.IsValid)
        {
            throw new TokenValidationFailure(Describe(result.Exception));
        }

        return Read(jwt, key.Key);
    }

    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (expires is null)
        {
            throw new TokenValidationFailure("the token has no 'exp' claim.");
        }

        if (expires.Value + parameters.ClockSkew < now)
        {
            throw new TokenValidationFailure($"the token expired at {expires.Value:yyyy-MM-dd'T'HH:mm:ss'Z'}.");
        }

        if (notBefore is { } nbf && nbf - parameters.ClockSkew > now)
        {
            throw new TokenValidationFailure($"the token is not valid before {nbf:yyyy-MM-dd'T'HH:mm:ss'Z'}.");
        }

        return true;
    }

    private static string Describe(Exception? e) => e switch
    {
        TokenValidationFailure f => f.Message,
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException
            => "the token's signature does not verify (forged, or signed with another secret).",
        SecurityTokenNoExpirationException => "the token has no 'exp' claim.",
        SecurityTokenInvalidLifetimeException => "the token's lifetime is invalid.",
        SecurityTokenInvalidAlgorithmException => "the token must be signed with HS256.",
        _ => "the token is invalid" + (e is null ? "." : $" ({e.GetType().Name}).")
    };

    private static ValidatedToken Read(JsonWebToken jwt, string key)
    {
        using var payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(jwt.EncodedPayload));
        var root = payload.RootElement;
        var identity = String(root, JwtRegisteredClaimNames.Sub);
        if (string.IsNullOrEmpty(identity))
        {
            throw new TokenValidationFailure("the token has no 'sub' (identity) claim.");
        }

        var room = String(root, TokenClaims.Room);
        if (string.IsNullOrEmpty(room))
        {
            throw new TokenValidationFailure("the token has no 'room' claim.");
        }

        var grants = ParticipantGrants.Default;
        if (root.TryGetProperty(TokenClaims.Grants, out var g))
        {
            if (g.ValueKind != JsonValueKind.Object)
            {
                throw new TokenValidationFailure("the token's 'grants' claim must be an object.");
            }

            grants = new ParticipantGrants(
                Bool(g, TokenClaims.CanPublish), Bool(g, TokenClaims.CanSubscribe), Bool(g, TokenClaims.CanPublishData), Bool(g, TokenClaims.RoomAdmin));
        }

        return new ValidatedToken(key, identity, String(root, JwtRegisteredClaimNames.Name), room, grants, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero));
    }

    private static string? String(JsonElement e, string name)
        => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool Bool(JsonElement e, string name)
        => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    /// <summary>The key named <paramref name="name"/>, or the first key when null.</summary>
    public ApiKeyOptions? FindKey(string? name)
    {
        var keys = _options.EffectiveKeys();
        return name is null ? keys.FirstOrDefault() : keys.FirstOrDefault(k => k.Key == name);
    }

    private static SymmetricSecurityKey SigningKey(ApiKeyOptions key) => new(Encoding.UTF8.GetBytes(key.Secret)) { KeyId = key.Key };
}
