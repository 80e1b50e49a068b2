using Microsoft.AspNetCore.SignalR;

namespace Sfu.Signaling.Hubs;

/// <summary>
/// Limits how often <c>Join</c> may be tried, per connection and per client address. The host implements it (the
/// server with <c>System.Threading.RateLimiting</c>, from <c>Sfu:RateLimits</c>); without one, joins are not limited.
/// </summary>
public interface IJoinRateLimiter
{
    /// <summary>
    /// Takes one join attempt of the connection of <paramref name="context"/>; false when over a limit, with
    /// <paramref name="retryAfter"/> (when to try again) and <paramref name="scope"/> (which limit: <c>connection</c>
    /// or <c>address</c>).
    /// </summary>
    bool TryAcquire(HubCallerContext context, out TimeSpan retryAfter, out string scope);
}
