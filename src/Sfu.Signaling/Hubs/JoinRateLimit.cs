namespace Sfu.Signaling.Hubs;

/// <summary>
/// The refusal of a <c>Join</c> over a rate limit (<see cref="IJoinRateLimiter"/>): a plain
/// <see cref="Microsoft.AspNetCore.SignalR.HubException"/> (clients strip SignalR's prefix up to <c>HubException: </c>)
/// whose message names the limit and the seconds to wait, as docs/signaling-protocol.md documents.
/// </summary>
public static class JoinRateLimit
{
    /// <summary>How every such refusal begins.</summary>
    public const string Prefix = "Too many joins from this ";

    /// <summary><c>Too many joins from this connection; retry in N s.</c> or <c>... from this address; ...</c> (N: whole seconds, at least 1).</summary>
    public static string MessageOf(string scope, TimeSpan retryAfter)
        => $"{Prefix}{(scope == "address" ? "address" : "connection")}; retry in {Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))} s.";

    /// <summary>Whether a refusal's message is this one.</summary>
    public static bool IsRateLimited(string message) => message.StartsWith(Prefix, StringComparison.Ordinal);
}
