using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sfu.Server.Tests.Auth;

/// <summary>Builds JWTs by hand (any header, any claims, any secret), to test what the server refuses.</summary>
public static class TestJwt
{
    public const string DevKey = "devkey";
    public const string DevSecret = "devsecret-change-me-0123456789abcdef";

    public static string Make(object payload, string secret = DevSecret, string kid = DevKey, string alg = "HS256")
    {
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg, typ = "JWT", kid }));
        var body = Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload));
        var input = header + "." + body;
        var signature = Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(input)));
        return input + "." + signature;
    }

    /// <summary>A join token payload: valid for an hour from now unless told otherwise.</summary>
    public static Dictionary<string, object> Claims(string room, string sub = "user-1", bool publish = true, bool subscribe = true, bool admin = false, TimeSpan? expiresIn = null, TimeSpan? notBeforeIn = null)
    {
        var now = DateTimeOffset.UtcNow;
        return new Dictionary<string, object>
        {
            ["sub"] = sub,
            ["name"] = "Name of " + sub,
            ["room"] = room,
            ["grants"] = new Dictionary<string, bool> { ["canPublish"] = publish, ["canSubscribe"] = subscribe, ["canPublishData"] = true, ["roomAdmin"] = admin },
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = (now + (notBeforeIn ?? TimeSpan.Zero)).ToUnixTimeSeconds(),
            ["exp"] = (now + (expiresIn ?? TimeSpan.FromHours(1))).ToUnixTimeSeconds(),
        };
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
