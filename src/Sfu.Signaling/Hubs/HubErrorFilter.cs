using Microsoft.AspNetCore.SignalR;
using Sfu.Signaling.Diagnostics;
using Sfu.Signaling.Rooms;

namespace Sfu.Signaling.Hubs;

/// <summary>
/// Maps the rooms' refusals (<see cref="RoomException"/>) to a <see cref="HubException"/> with the same message, which
/// SignalR hands to the caller, and counts every refused call (bad arguments, refused tokens, room refusals) in
/// <c>sfu.hub.errors</c>.
/// </summary>
public sealed class HubErrorFilter : IHubFilter
{
    private readonly SignalingMetrics _metrics;

    public HubErrorFilter(SignalingMetrics metrics) => _metrics = metrics;

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
        catch (RoomException e)
        {
            _metrics.HubError();
            throw new HubException(e.Message);
        }
    }
}
