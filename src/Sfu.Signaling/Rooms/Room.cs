using System.Security.Cryptography;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using Sfu.Core.Forwarding;
using Sfu.Core.Transport;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Contracts;
using Sfu.Signaling.Events;
using Sfu.Signaling.Hubs;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// A room: its participants and, on one media worker, its router. Signaling work on a room is serialized by
/// <see cref="Gate"/>; media work hops onto <see cref="Worker"/>. Parts: joining and leaving here, publishing in
/// Room.Publish.cs, subscribing in Room.Subscribe.cs.
/// </summary>
public sealed partial class Room
{
    private readonly RoomManager _manager;
    private readonly MediaEngine _engine;
    private readonly IHubContext<RoomHub, IRoomClient> _hub;
    private readonly RoomOptions _options;
    private readonly ILogger _logger;
    private readonly Dictionary<string, Participant> _participants = new(StringComparer.Ordinal);
    private readonly RoomTransportListener _listener;

    internal Room(string name, RoomManager manager, MediaEngine engine, MediaWorker worker, RoomRouter router, IHubContext<RoomHub, IRoomClient> hub, RoomOptions options, ILogger logger)
    {
        Name = name;
        _manager = manager;
        _engine = engine;
        Worker = worker;
        Router = router;
        _hub = hub;
        _options = options;
        _logger = logger;
        _listener = new RoomTransportListener(router);
    }

    public string Name { get; }

    public MediaWorker Worker { get; }

    public RoomRouter Router { get; }

    /// <summary>Serializes signaling on this room.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public bool Closed { get; private set; }

    /// <summary>A snapshot of the participants (take the gate for a consistent view).</summary>
    public IReadOnlyList<Participant> Participants => _participants.Values.ToList();

    public async Task<(Participant Participant, JoinResponse Response)> JoinAsync(string connectionId, JoinRequest request, JoinAuthorization? authorization = null)
    {
        await Gate.WaitAsync();
        try
        {
            if (Closed)
            {
                throw new HubException($"Room '{Name}' just closed; join again.");
            }

            var maxParticipants = Settings.MaxParticipants ?? _options.MaxParticipants;
            if (_participants.Count >= maxParticipants)
            {
                throw new HubException($"Room '{Name}' is full ({maxParticipants} participants).");
            }

            var participant = new Participant(this, NewId("PA_"), authorization?.Name ?? request.Name, request.Metadata, NewId("RT_", 24))
            {
                ConnectionId = connectionId,
                Identity = authorization?.Identity,
                Grants = authorization?.Grants ?? ParticipantGrants.Default,
            };
            var others = _participants.Values.Select(p => p.ToInfo()).ToList();
            _participants.Add(participant.Id, participant);
            _manager.SignalingMetrics.ParticipantAdded();
            RoomLog.Joined(_logger, participant.Id, participant.Name, Name);
            RaiseEvent(RoomEventTypes.ParticipantJoined, participant);
            var info = participant.ToInfo();
            foreach (var other in Others(participant))
            {
                await Notify(other, c => c.ParticipantJoined(info));
            }

            // Tracks already published: the newcomer's subscriber offer carries them.
            foreach (var track in _participants.Values.Where(p => p != participant).SelectMany(p => p.PublishedByMid.Values))
            {
                AddSection(participant, track);
            }

            await RenegotiateAsync(participant);
            return (participant, new JoinResponse(participant.Id, Name, participant.ResumeToken, others, IceServers(participant)));
        }
        finally
        {
            Gate.Release();
        }
    }

    public async Task<JoinResponse> ResumeAsync(Participant participant, string connectionId)
    {
        await Gate.WaitAsync();
        try
        {
            if (participant.Left)
            {
                throw new HubException("That participant has already left (the reconnect grace period passed); join again.");
            }

            participant.GraceTimer?.Cancel();
            participant.GraceTimer = null;
            participant.ConnectionId = connectionId;
            RoomLog.Resumed(_logger, participant.Id);

            // Offers sent while away were lost with the old connection: offer again, with new ICE credentials
            // so the client's subscriber connection restarts ICE.
            participant.PendingOffer = null;
            participant.NeedsRenegotiation = false;
            participant.LastOfferedSignature = null;
            if (participant.Subscriber is not null)
            {
                var ice = Sfu.Core.Ice.IceCredentials.Generate();
                var subscriber = participant.Subscriber;
                await Worker.InvokeAsync(() => { subscriber.RestartIce(ice); return true; });
                participant.SubscriberIce = ice;
            }

            await RenegotiateAsync(participant);
            var others = Others(participant).Select(p => p.ToInfo()).ToList();
            return new JoinResponse(participant.Id, Name, participant.ResumeToken, others, IceServers(participant));
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>The signaling connection dropped: keep the participant for the grace period, then remove it.</summary>
    public async Task ConnectionLostAsync(Participant participant, string connectionId)
    {
        await Gate.WaitAsync();
        try
        {
            if (participant.Left || participant.ConnectionId != connectionId)
            {
                return;
            }

            participant.ConnectionId = null;
            var cts = new CancellationTokenSource();
            participant.GraceTimer = cts;
            RoomLog.ConnectionLost(_logger, participant.Id, _options.ReconnectGraceSeconds);
            _ = Task.Delay(TimeSpan.FromSeconds(_options.ReconnectGraceSeconds), cts.Token)
                .ContinueWith(t => t.IsCanceled ? Task.CompletedTask : LeaveAsync(participant, "reconnect grace period passed"), TaskScheduler.Default)
                .Unwrap();
        }
        finally
        {
            Gate.Release();
        }
    }

    public async Task LeaveAsync(Participant participant, string reason)
    {
        await Gate.WaitAsync();
        try
        {
            await RemoveParticipantAsync(participant, reason);
        }
        finally
        {
            Gate.Release();
        }

        _manager.RemoveIfEmpty(this);
    }

    /// <summary>Under the gate: frees everything of a participant and tells the others.</summary>
    private async Task RemoveParticipantAsync(Participant participant, string reason)
    {
        if (participant.Left)
        {
            return;
        }

        participant.Left = true;
        _manager.SignalingMetrics.ParticipantRemoved();
        participant.GraceTimer?.Cancel();
        _participants.Remove(participant.Id);
        foreach (var track in participant.PublishedByMid.Values.ToList())
        {
            await UnpublishAsync(participant, track);
        }

        var publisher = participant.Publisher;
        var subscriber = participant.Subscriber;
        await Worker.InvokeAsync(() =>
        {
            foreach (var t in new[] { publisher, subscriber })
            {
                if (t is not null)
                {
                    Router.RemoveTransport(t);
                    t.Close();
                }
            }

            return true;
        });
        RoomLog.Left(_logger, participant.Id, Name, reason);
        RaiseEvent(RoomEventTypes.ParticipantLeft, participant, reason: reason);
        foreach (var other in _participants.Values)
        {
            await Notify(other, c => c.ParticipantLeft(participant.Id));
            await RenegotiateAsync(other);
        }
    }

    /// <summary>Closes the room: everyone is disconnected with <paramref name="reason"/>.</summary>
    public async Task CloseAsync(string reason)
    {
        await Gate.WaitAsync();
        try
        {
            foreach (var p in _participants.Values.ToList())
            {
                await Notify(p, c => c.Disconnected(reason));
                await RemoveParticipantAsync(p, reason);
            }

            Closed = true;
        }
        finally
        {
            Gate.Release();
        }
    }

    private IEnumerable<Participant> Others(Participant participant) => _participants.Values.Where(p => p != participant);

    private List<IceServerInfo> IceServers(Participant participant)
        => _options.IceServers.Select(s => new IceServerInfo(s.Urls, s.Username, s.Credential))
            .Concat(_manager.IceServerSource.For(participant.Identity ?? participant.Id))
            .ToList();

    private async Task Notify(Participant participant, Func<IRoomClient, Task> send)
    {
        if (participant.ConnectionId is not { } connection)
        {
            return;
        }

        try
        {
            await send(_hub.Clients.Client(connection));
        }
        catch (Exception e)
        {
            RoomLog.NotifyFailed(_logger, e, participant.Id);
        }
    }

    internal static string NewId(string prefix, int length = 12)
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        return prefix + RandomNumberGenerator.GetString(alphabet, length);
    }

    internal static uint NewSsrc() => (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue) | 0x1000u;

    internal bool IsEmpty => _participants.Count == 0;

    internal void MarkClosed() => Closed = true;
}
