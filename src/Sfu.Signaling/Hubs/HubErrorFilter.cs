using Microsoft.AspNetCore.SignalR;
using Sfu.Signaling.Diagnostics;
using Sfu.Signaling.Lifecycle;
using Sfu.Signaling.Rooms;

namespace Sfu.Signaling.Hubs;

/// <summary>
/// Every hub call goes through here. A refusal (a <see cref="HubException"/> of the hub, or a room's
/// <see cref="RoomException"/>, which becomes a <see cref="HubException"/> with the same message) reaches the caller,
/// is counted in <c>sfu.hub.errors</c> and handed to <see cref="HubRefusals"/> (counted by reason, logged
/// rate-limited without a stack, the connection closed after too many). Anything else is a bug: logged once with its
/// stack (rate-limited) and answered with a plain error, like SignalR does without detailed errors.
/// </summary>
public sealed class HubErrorFilter : IHubFilter
{
    /// <summary>What a caller whose call failed unexpectedly is told.</summary>
    public const string UnexpectedMessage = "The server failed to handle this call.";

    private readonly SignalingMetrics _metrics;
    private readonly HubRefusals _refusals;

    public HubErrorFilter(SignalingMetrics metrics, HubRefusals refusals)
    {
        _metrics = metrics;
        _refusals = refusals;
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (HubException e)
        {
            Refused(invocationContext, ReasonOf(e), e.Message);
            throw;
        }
        catch (NodeDrainingException e)
        {
            Refused(invocationContext, HubRefusalReason.Draining, e.Message);
            throw new HubException(e.Message);
        }
        catch (RoomException e)
        {
            Refused(invocationContext, HubRefusalReason.Room, e.Message);
            throw new HubException(e.Message);
        }
        catch (OperationCanceledException) when (invocationContext.Context.ConnectionAborted.IsCancellationRequested)
        {
            throw; // the connection is gone: nobody to answer
        }
        catch (Exception e)
        {
            _metrics.HubError();
            _refusals.Unexpected(invocationContext.Context, invocationContext.HubMethodName, e);
            throw new HubException(UnexpectedMessage);
        }
    }

    private void Refused(HubInvocationContext invocation, HubRefusalReason reason, string message)
    {
        _metrics.HubError();
        _refusals.Refused(invocation.Context, invocation.HubMethodName, reason, message);
    }

    private static HubRefusalReason ReasonOf(HubException e) => e switch
    {
        _ when JoinRateLimit.IsRateLimited(e.Message) => HubRefusalReason.RateLimited,
        _ when string.Equals(e.Message, RoomHub.NotJoinedMessage, StringComparison.Ordinal) => HubRefusalReason.NotJoined,
        _ => HubRefusalReason.Invalid,
    };
}
