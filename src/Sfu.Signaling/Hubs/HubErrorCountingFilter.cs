using Microsoft.AspNetCore.SignalR;
using Sfu.Signaling.Diagnostics;

namespace Sfu.Signaling.Hubs;

/// <summary>Counts hub calls refused with a <see cref="HubException"/> (bad arguments, refused tokens) in <c>sfu.hub.errors</c>.</summary>
public sealed class HubErrorCountingFilter : IHubFilter
{
    private readonly SignalingMetrics _metrics;

    public HubErrorCountingFilter(SignalingMetrics metrics) => _metrics = metrics;

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (HubException)
        {
            _metrics.HubError();
            throw;
        }
    }
}
