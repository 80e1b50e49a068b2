using Microsoft.AspNetCore.SignalR;

namespace Sfu.Signaling.Hubs;

/// <summary>No join limit (a host without <see cref="IJoinRateLimiter"/>).</summary>
public sealed class UnlimitedJoins : IJoinRateLimiter
{
    public bool TryAcquire(HubCallerContext context, out TimeSpan retryAfter, out string scope)
    {
        retryAfter = TimeSpan.Zero;
        scope = "";
        return true;
    }
}
