namespace Sfu.Server.Auth;

/// <summary>
/// A TURN server with coturn's <c>use-auth-secret</c> (section <c>Sfu:Turn</c>): each participant gets
/// time-limited credentials, username <c>expiry:identity</c>, credential base64(HMAC-SHA1(secret, username)).
/// </summary>
public sealed class TurnOptions
{
    /// <summary>TURN URLs, e.g. <c>turn:turn.example.org:3478?transport=udp</c>; none: no TURN server is handed out.</summary>
    public List<string> Urls { get; set; } = new();

    /// <summary>coturn's <c>static-auth-secret</c>.</summary>
    public string? Secret { get; set; }

    /// <summary>How long credentials stay valid (seconds).</summary>
    public int TtlSeconds { get; set; } = 24 * 3600;
}
