using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Contracts;

namespace Sfu.Server.Auth;

/// <summary>Time-limited TURN credentials (coturn's REST-API scheme) for each joining participant, in JoinResponse.IceServers.</summary>
public sealed class TurnCredentialSource : IIceServerSource
{
    private readonly TurnOptions _options;
    private readonly TimeProvider _time;

    public TurnCredentialSource(IOptions<TurnOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
    }

    public IReadOnlyList<IceServerInfo> For(string participantIdentity)
    {
        if (_options.Urls.Count == 0 || string.IsNullOrEmpty(_options.Secret))
        {
            return Array.Empty<IceServerInfo>();
        }

        var (username, credential) = Credentials(_options.Secret, participantIdentity, _time.GetUtcNow() + TimeSpan.FromSeconds(_options.TtlSeconds));
        return new[] { new IceServerInfo(_options.Urls, username, credential) };
    }

    /// <summary>username = expiry (Unix seconds) + ':' + identity; credential = base64(HMAC-SHA1(secret, username)).</summary>
    public static (string Username, string Credential) Credentials(string secret, string identity, DateTimeOffset expires)
    {
        var username = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + ":" + identity;
        var mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username));
        return (username, Convert.ToBase64String(mac));
    }
}
