using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Cluster;
using Sfu.Signaling.Contracts;
using Sfu.Signaling.Outgoing;
using Sfu.Signaling.Rooms;

namespace Sfu.Signaling.Hubs;

/// <summary>
/// The room hub (<c>/hubs/room</c>): join, publish, subscribe, mute, preferences, resume, leave; docs/signaling-protocol.md
/// describes the flow. A thin adapter: it checks arguments, keeps one <see cref="HubSession"/> per connection (its
/// outgoing queue and participant) and hands requests to the rooms. Bad arguments fail with a <see cref="HubException"/>
/// that says what is wrong; the rooms' refusals reach the caller the same way through <see cref="HubErrorFilter"/>.
/// </summary>
public sealed class RoomHub : Hub<IRoomClient>
{
    private const string SessionKey = "sfu.session";

    /// <summary>The refusal of a call that needs a participant on a connection that has not joined.</summary>
    public const string NotJoinedMessage = "Join a room first (call Join).";

    private readonly RoomManager _rooms;
    private readonly IJoinAuthorizer _authorizer;
    private readonly IHubContext<RoomHub, IRoomClient> _hubContext;
    private readonly IJoinRateLimiter _joinLimiter;
    private readonly IRoomPlacement _placement;
    private readonly ILogger<RoomHub> _logger;

    public RoomHub(RoomManager rooms, IJoinAuthorizer authorizer, IHubContext<RoomHub, IRoomClient> hubContext, IJoinRateLimiter joinLimiter, IRoomPlacement placement, ILogger<RoomHub> logger)
    {
        _rooms = rooms;
        _authorizer = authorizer;
        _hubContext = hubContext;
        _joinLimiter = joinLimiter;
        _placement = placement;
        _logger = logger;
    }

    /// <summary>
    /// Joins a room. Attempts are rate-limited per connection and per client address (<see cref="IJoinRateLimiter"/>):
    /// over a limit the call is refused with a message that says when to retry (<see cref="JoinRateLimit"/>). In a
    /// cluster, once the token is accepted, a room that lives on another node is answered with a redirect to that
    /// node's hub (<see cref="JoinResponse.Redirect"/>); nothing is attached here. A
    /// publisher offer in the request is answered once the participant is in (<see cref="JoinResponse.Publish"/>).
    /// </summary>
    public async Task<JoinResponse> Join(JoinRequest request)
    {
        if (!_joinLimiter.TryAcquire(Context, out var retryAfter, out var scope))
        {
            throw new HubException(JoinRateLimit.MessageOf(scope, retryAfter));
        }

        var session = Session();
        session.BeginAttach("This connection has already joined a room; leave first or open another connection.");
        Participant participant;
        JoinResponse response;
        try
        {
            HubArguments.ValidateJoin(request);
            var authorization = await _authorizer.AuthorizeAsync(Context, request);
            var placement = await _placement.PlaceAsync(request.Room, Context.ConnectionAborted);
            if (placement.IsRemote)
            {
                session.CancelAttach();
                HubLog.Redirected(_logger, Context.ConnectionId, request.Room, placement.NodeId!);
                return JoinResponse.RedirectTo(request.Room, new JoinRedirect(placement.SignalingUrl!.TrimEnd('/') + SignalingServiceCollectionExtensions.HubPath, placement.NodeId!));
            }

            (participant, response) = await _rooms.JoinAsync(request, authorization, session.Queue, Context.ConnectionAborted);
        }
        catch (OperationCanceledException) when (Context.ConnectionAborted.IsCancellationRequested)
        {
            // The room dropped the join: the connection was gone before it ran.
            session.CancelAttach();
            _rooms.SignalingMetrics.JoinAbandoned();
            HubLog.AttachAbandoned(_logger, Context.ConnectionId, "Join", "(none)", "never added");
            throw new HubException("The connection closed while joining.");
        }
        catch
        {
            session.CancelAttach();
            throw;
        }

        if (!session.CompleteAttach(participant, Context.ConnectionAborted))
        {
            // The client never got its resume token: nothing to keep for a grace period.
            _rooms.SignalingMetrics.JoinAbandoned();
            HubLog.AttachAbandoned(_logger, Context.ConnectionId, "Join", participant.Id, "removed");
            await participant.Room.LeaveAsync(participant, "the connection dropped while joining");
            throw new HubException("The connection closed while joining.");
        }

        return request.Publish is null ? response : await PublishWithJoinAsync(participant, request.Publish, response);
    }

    /// <summary>
    /// Answers the publisher offer that came with <c>Join</c>, as <see cref="Publish"/> would, into the response. A
    /// refusal (no canPublish grant, an offer the server cannot answer) goes into <see cref="JoinResponse.PublishError"/>:
    /// the participant has joined all the same.
    /// </summary>
    private async Task<JoinResponse> PublishWithJoinAsync(Participant participant, PublishRequest publish, JoinResponse response)
    {
        try
        {
            return response with { Publish = await participant.Room.PublishAsync(participant, publish) };
        }
        catch (RoomException e)
        {
            HubLog.PublishWithJoinRefused(_logger, Context.ConnectionId, participant.Id, e.Message);
            return response with { PublishError = e.Message };
        }
    }

    public Task<PublishResponse> Publish(PublishRequest request)
    {
        HubArguments.ValidatePublish(request);
        var p = Current();
        return p.Room.PublishAsync(p, request);
    }

    public Task SubscriberAnswer(SubscriberAnswerRequest request)
    {
        HubArguments.ValidateSubscriberAnswer(request);
        var p = Current();
        return p.Room.SubscriberAnswerAsync(p, request);
    }

    /// <summary>The server is ICE-lite and learns client addresses from their checks: candidates are validated and not needed.</summary>
    public Task Trickle(TrickleRequest request)
    {
        HubArguments.ValidateTrickle(request);
        Current();
        return Task.CompletedTask;
    }

    public Task SetTrackMuted(MuteRequest request)
    {
        HubArguments.ValidateTrackId(request?.TrackId);
        var p = Current();
        return p.Room.SetMutedAsync(p, request!);
    }

    public Task SetSubscriptionPreference(SubscriptionPreference preference)
    {
        HubArguments.ValidatePreference(preference);
        var p = Current();
        return p.Room.SetSubscriptionPreferenceAsync(p, preference);
    }

    public async Task<JoinResponse> Resume(ResumeRequest request)
    {
        if (request is null || string.IsNullOrEmpty(request.ParticipantId) || string.IsNullOrEmpty(request.ResumeToken)
            || request.ParticipantId.Length > 64 || request.ResumeToken.Length > 64)
        {
            throw new HubException("Resume needs {participantId, resumeToken} from the JoinResponse.");
        }

        var session = Session();
        session.BeginAttach("This connection is already attached to a participant.");
        Participant participant;
        JoinResponse response;
        try
        {
            (participant, response) = await _rooms.ResumeAsync(request.ParticipantId, request.ResumeToken, session.Queue, Context.ConnectionAborted);
        }
        catch
        {
            session.CancelAttach();
            throw;
        }

        if (!session.CompleteAttach(participant, Context.ConnectionAborted))
        {
            // The new connection dropped too: the participant is back in its grace period.
            _rooms.SignalingMetrics.JoinAbandoned();
            HubLog.AttachAbandoned(_logger, Context.ConnectionId, "Resume", participant.Id, "kept for its grace period");
            await participant.Room.ConnectionLostAsync(participant, session.Queue);
            throw new HubException("The connection closed while resuming.");
        }

        return response;
    }

    /// <summary>
    /// Leaves the room. Idempotent: a page going away sends <c>Leave</c> without waiting and closes its peer
    /// connections at once, so the server may already have taken their close_notify as the goodbye; a Leave after
    /// that is no fault of the client's and is neither refused nor counted.
    /// </summary>
    public async Task Leave()
    {
        var session = Session();
        if (session.Participant is not { } p)
        {
            return;
        }

        session.Detach();
        await p.Room.LeaveAsync(p, "left");
    }

    public override Task OnConnectedAsync()
    {
        _rooms.SignalingMetrics.ConnectionOpened();
        var context = Context;
        var connectionId = context.ConnectionId;
        HubSession? session = null;
        var queue = new OutgoingQueue(
            connectionId,
            _hubContext.Clients.Client(connectionId),
            _rooms.Options.SignalingQueueLimits,
            reason => CloseForOverflow(context, session!, reason),
            _rooms.SignalingMetrics,
            _logger);
        session = new HubSession(queue);
        context.Items[SessionKey] = session;
        return base.OnConnectedAsync();
    }

    /// <summary>
    /// The client does not read its messages: the session ends now (its participant enters its grace period, as after
    /// any lost connection) and the connection is aborted. SignalR's own close would wait behind the blocked write.
    /// </summary>
    private void CloseForOverflow(HubCallerContext context, HubSession session, string reason)
    {
        HubLog.Closing(_logger, context.ConnectionId, reason);
        if (session.End() is { Left: false } p)
        {
            _ = p.Room.ConnectionLostAsync(p, session.Queue).ContinueWith(
                t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }

        context.Abort();
        context.GetHttpContext()?.Abort();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        _rooms.SignalingMetrics.ConnectionClosed();
        var session = Session();
        session.Queue.Close();
        if (session.End() is { Left: false } p)
        {
            try
            {
                await p.Room.ConnectionLostAsync(p, session.Queue);
            }
            catch (RoomClosedException)
            {
                // The room closed meanwhile: the participant went with it.
            }
        }

        await base.OnDisconnectedAsync(exception);
    }

    private HubSession Session()
        => Context.Items.TryGetValue(SessionKey, out var value) && value is HubSession session
            ? session
            : throw new HubException("The connection is not set up.");

    private Participant Current()
        => Session().Participant ?? throw new HubException(NotJoinedMessage);
}
