using Microsoft.AspNetCore.SignalR;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Contracts;
using Sfu.Signaling.Rooms;

namespace Sfu.Signaling.Hubs;

/// <summary>
/// The room hub (<c>/hubs/room</c>): join, publish, subscribe, mute, preferences, resume, leave.
/// docs/signaling-protocol.md describes the flow. Bad arguments fail with a <see cref="HubException"/> that says
/// what is wrong, for that caller only.
/// </summary>
public sealed class RoomHub : Hub<IRoomClient>
{
    private const string ParticipantKey = "sfu.participant";

    private readonly RoomManager _rooms;
    private readonly IJoinAuthorizer _authorizer;

    public RoomHub(RoomManager rooms, IJoinAuthorizer authorizer)
    {
        _rooms = rooms;
        _authorizer = authorizer;
    }

    public async Task<JoinResponse> Join(JoinRequest request)
    {
        if (Context.Items.ContainsKey(ParticipantKey))
        {
            throw new HubException("This connection has already joined a room; leave first or open another connection.");
        }

        HubArguments.ValidateJoin(request);
        var authorization = await _authorizer.AuthorizeAsync(Context, request);
        for (int attempt = 0; ; attempt++)
        {
            var room = await _rooms.GetOrCreateAsync(request.Room);
            try
            {
                var (participant, response) = await room.JoinAsync(Context.ConnectionId, request, authorization);
                Context.Items[ParticipantKey] = participant;
                return response;
            }
            catch (HubException) when (room.Closed && attempt == 0)
            {
                // The room closed between lookup and join (its last participant just left): a new one is made.
            }
        }
    }

    public Task<PublishResponse> Publish(PublishRequest request)
    {
        HubArguments.ValidatePublish(request);
        var p = Current();
        Require(p.Grants.CanPublish, "publish", "canPublish");
        return p.Room.PublishAsync(p, request);
    }

    public Task SubscriberAnswer(SubscriberAnswerRequest request)
    {
        HubArguments.ValidateSdp(request?.Sdp, "subscriber answer");
        var p = Current();
        return p.Room.SubscriberAnswerAsync(p, request!);
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
        Require(p.Grants.CanPublish, "mute or unmute tracks", "canPublish");
        return p.Room.SetMutedAsync(p, request!);
    }

    public Task SetSubscriptionPreference(SubscriptionPreference preference)
    {
        HubArguments.ValidatePreference(preference);
        var p = Current();
        Require(p.Grants.CanSubscribe, "subscribe", "canSubscribe");
        return p.Room.SetSubscriptionPreferenceAsync(p, preference);
    }

    public async Task<JoinResponse> Resume(ResumeRequest request)
    {
        if (request is null || string.IsNullOrEmpty(request.ParticipantId) || string.IsNullOrEmpty(request.ResumeToken))
        {
            throw new HubException("Resume needs {participantId, resumeToken} from the JoinResponse.");
        }

        if (Context.Items.ContainsKey(ParticipantKey))
        {
            throw new HubException("This connection is already attached to a participant.");
        }

        var participant = _rooms.FindParticipant(request.ParticipantId);
        if (participant is null || !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(participant.ResumeToken), System.Text.Encoding.UTF8.GetBytes(request.ResumeToken)))
        {
            throw new HubException("No participant to resume with that id and token (the grace period may have passed); join again.");
        }

        var response = await participant.Room.ResumeAsync(participant, Context.ConnectionId);
        Context.Items[ParticipantKey] = participant;
        return response;
    }

    public async Task Leave()
    {
        var p = Current();
        Context.Items.Remove(ParticipantKey);
        await p.Room.LeaveAsync(p, "left");
    }

    public override Task OnConnectedAsync()
    {
        _rooms.SignalingMetrics.ConnectionOpened();
        return base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        _rooms.SignalingMetrics.ConnectionClosed();
        if (Context.Items.TryGetValue(ParticipantKey, out var value) && value is Participant p)
        {
            await p.Room.ConnectionLostAsync(p, Context.ConnectionId);
        }

        await base.OnDisconnectedAsync(exception);
    }

    private static void Require(bool granted, string what, string grant)
    {
        if (!granted)
        {
            throw new HubException($"Not allowed to {what}: the join token lacks the {grant} grant.");
        }
    }

    private Participant Current()
        => Context.Items.TryGetValue(ParticipantKey, out var value) && value is Participant p && !p.Left
            ? p
            : throw new HubException("Join a room first (call Join).");
}
