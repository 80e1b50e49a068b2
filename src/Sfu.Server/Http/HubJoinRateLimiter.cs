using System.Threading.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Sfu.Signaling.Hubs;

namespace Sfu.Server.Http;

/// <summary>
/// The hub's join limits (<c>Sfu:RateLimits:HubJoinPerConnection</c> and <c>HubJoinPerAddress</c>): fixed windows per
/// SignalR connection and per client address (<see cref="ClientAddress.PartitionKey"/>), from
/// <c>System.Threading.RateLimiting</c>. Idle partitions are dropped by the partitioned limiter itself, so a
/// connection that went leaves nothing behind for long.
/// </summary>
public sealed class HubJoinRateLimiter : IJoinRateLimiter, IDisposable
{
    private readonly PartitionedRateLimiter<string> _perConnection;
    private readonly PartitionedRateLimiter<string> _perAddress;

    public HubJoinRateLimiter(IOptions<RateLimitOptions> options)
    {
        _perConnection = Create(options.Value.HubJoinPerConnection);
        _perAddress = Create(options.Value.HubJoinPerAddress);
    }

    public bool TryAcquire(HubCallerContext context, out TimeSpan retryAfter, out string scope)
    {
        if (!TryAcquire(_perConnection, context.ConnectionId, out retryAfter))
        {
            scope = "connection";
            return false;
        }

        var address = ClientAddress.PartitionKey(context.GetHttpContext()?.Connection.RemoteIpAddress);
        if (!TryAcquire(_perAddress, address, out retryAfter))
        {
            scope = "address";
            return false;
        }

        scope = "";
        return true;
    }

    public void Dispose()
    {
        _perConnection.Dispose();
        _perAddress.Dispose();
    }

    private static bool TryAcquire(PartitionedRateLimiter<string> limiter, string key, out TimeSpan retryAfter)
    {
        using var lease = limiter.AttemptAcquire(key);
        if (lease.IsAcquired)
        {
            retryAfter = TimeSpan.Zero;
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        return false;
    }

    private static PartitionedRateLimiter<string> Create(RateLimitRule rule) => PartitionedRateLimiter.Create<string, string>(
        key => rule.IsEnabled
            ? RateLimitPartition.GetFixedWindowLimiter(key, _ => rule.ToLimiterOptions())
            : RateLimitPartition.GetNoLimiter(key),
        StringComparer.Ordinal);
}
