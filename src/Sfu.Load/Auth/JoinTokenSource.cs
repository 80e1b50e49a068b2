using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Sfu.Load.Auth;

/// <summary>
/// Join tokens for the synthetic participants: either one given token for all (it must hold for every room of the
/// run, e.g. room '*'), or a token per participant signed here with an API key (HS256, <c>kid</c> and <c>iss</c> =
/// the key, claims <c>sub</c>, <c>name</c>, <c>room</c>, <c>grants</c>, as docs/admin-api.md describes). By default the
/// key is the server's documented development key, which a server in development mode accepts.
/// </summary>
public sealed class JoinTokenSource
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(6);

    private readonly string? _token;
    private readonly string _key;
    private readonly SigningCredentials? _credentials;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>Uses <paramref name="token"/> for everyone when given, else signs with <paramref name="key"/>/<paramref name="secret"/>.</summary>
    public JoinTokenSource(string? token, string key, string secret)
    {
        _token = token;
        _key = key;
        if (token is null)
        {
            _credentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)) { KeyId = key }, SecurityAlgorithms.HmacSha256);
        }
    }

    /// <summary>
    /// A token for <paramref name="identity"/> in <paramref name="room"/>, with publish and subscribe grants, and
    /// <c>canPublishData</c> when <paramref name="publishData"/> (the data scenario's participants).
    /// </summary>
    public string For(string room, string identity, string name, bool publishData = false)
    {
        if (_token is not null)
        {
            return _token;
        }

        var now = DateTime.UtcNow;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _key,
            IssuedAt = now,
            NotBefore = now.AddMinutes(-1),
            Expires = now + Lifetime,
            SigningCredentials = _credentials,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = identity,
                [JwtRegisteredClaimNames.Name] = name,
                ["room"] = room,
                ["grants"] = new Dictionary<string, object>
                {
                    ["canPublish"] = true,
                    ["canSubscribe"] = true,
                    ["canPublishData"] = publishData,
                    ["roomAdmin"] = false,
                },
            },
        });
    }
}
