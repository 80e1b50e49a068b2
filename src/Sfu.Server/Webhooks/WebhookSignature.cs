using System.Security.Cryptography;
using System.Text;

namespace Sfu.Server.Webhooks;

/// <summary>
/// Webhook bodies are signed: header <c>X-Sfu-Signature: sha256=&lt;hex of HMAC-SHA256(secret, body bytes)&gt;</c>,
/// and <c>X-Sfu-Key</c> names the API key whose secret signed.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-Sfu-Signature";
    public const string KeyHeader = "X-Sfu-Key";
    private const string Prefix = "sha256=";

    public static string Sign(string secret, ReadOnlySpan<byte> body)
        => Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Checks a received signature in constant time (what a receiver does).</summary>
    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? signature)
        => signature is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, body)), Encoding.ASCII.GetBytes(signature));
}
