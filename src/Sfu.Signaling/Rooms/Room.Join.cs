using System.Security.Cryptography;
using System.Text;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Contracts;
using Sfu.Signaling.Events;

namespace Sfu.Signaling.Rooms;

/// <summary>Joining, resuming, losing the connection (the grace period) and leaving.</summary>
public sealed partial class Room
{
    /// <summary>What a participant replaced by a newer join with its identity is told.</summary>
    public const string ReplacedReason = "Another connection joined this room with the same identity; this session ended.";

    /// <summary>
    /// Adds a participant whose messages go to <paramref name="notifier"/>. A participant with the same identity already
    /// here is replaced: it is told <see cref="ReplacedReason"/> and removed first. <paramref name="aborted"/>: the
    /// caller's connection is gone; a join that has not run yet is dropped.
    /// </summary>
    /// <exception cref="RoomException">The room is full.</exception>
    /// <exception cref="RoomClosedException">The room closed first; join again (the manager does).</exception>
    internal Task<(Participant Participant, JoinResponse Response)> JoinAsync(
        JoinRequest request, JoinAuthorization authorization, IParticipantNotifier notifier, CancellationToken aborted)
        => Enqueue("join", async () =>
        {
            aborted.ThrowIfCancellationRequested();
            var replaced = authorization.Identity is { } identity
                ? _joinOrder.FirstOrDefault(p => string.Equals(p.Identity, identity, StringComparison.Ordinal))
                : null;
            var maxParticipants = Settings.MaxParticipants ?? _options.MaxParticipants;
            if (replaced is null && _participants.Count >= maxParticipants)
            {
                throw new RoomException($"Room '{Name}' is full ({maxParticipants} participants).");
            }

            if (replaced is not null)
            {
                RoomLog.Replaced(_logger, replaced.Id, Name);
                _manager.SignalingMetrics.ParticipantReplaced();
                replaced.Notifier?.Disconnected(ReplacedReason);
                await RemoveParticipantAsync(replaced, "replaced by a new join with the same identity");
            }

            var participant = new Participant(this, NewId("PA_"), authorization.Name ?? request.Name, request.Metadata, NewId("RT_", 24), _time.GetUtcNow())
            {
                Identity = authorization.Identity,
                Grants = authorization.Grants,
                Notifier = notifier,
            };
            var others = _joinOrder.Select(p => p.ToInfo()).ToList();
            _participants.Add(participant.Id, participant);
            _joinOrder.Add(participant);
            _manager.SignalingMetrics.ParticipantAdded();
            RoomLog.Joined(_logger, participant.Id, participant.Name, Name);
            RaiseEvent(RoomEventTypes.ParticipantJoined, participant);
            var info = participant.ToInfo();
            foreach (var other in Others(participant))
            {
                other.Notifier?.ParticipantJoined(info);
            }

            // Tracks already published: the newcomer's subscriber offer carries them.
            foreach (var track in Others(participant).SelectMany(p => p.PublishedByMid.Values))
            {
                _subscribers.AddSection(participant, track);
            }

            await _subscribers.RenegotiateAsync(participant);
            _speakers.Tell(participant);
            return (participant, new JoinResponse(participant.Id, Name, participant.ResumeToken, others, IceServers(participant)));
        });

    /// <summary>
    /// Re-attaches the participant with <paramref name="participantId"/> to <paramref name="notifier"/> (a new
    /// connection) if <paramref name="resumeToken"/> is its token: the grace period ends, and a fresh subscriber offer
    /// with new ICE credentials follows.
    /// </summary>
    internal Task<(Participant Participant, JoinResponse Response)> ResumeAsync(
        string participantId, string resumeToken, IParticipantNotifier notifier, CancellationToken aborted)
        => Enqueue("resume", async () =>
        {
            if (!_participants.TryGetValue(participantId, out var participant)
                || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(participant.ResumeToken), Encoding.UTF8.GetBytes(resumeToken)))
            {
                throw new RoomException(RoomManager.NoParticipantToResume);
            }

            aborted.ThrowIfCancellationRequested();
            participant.GraceTimer?.Dispose();
            participant.GraceTimer = null;
            bool wasAway = participant.Notifier is null;
            participant.Notifier = notifier;
            participant.Touch();
            RoomLog.Resumed(_logger, participant.Id);
            if (wasAway)
            {
                foreach (var other in Others(participant))
                {
                    other.Notifier?.ParticipantResumed(participant.Id);
                }
            }

            await _subscribers.OfferAgainAsync(participant);
            _speakers.Tell(participant);
            var others = Others(participant).Select(p => p.ToInfo()).ToList();
            return (participant, new JoinResponse(participant.Id, Name, participant.ResumeToken, others, IceServers(participant)));
        });

    /// <summary>
    /// The connection behind <paramref name="notifier"/> dropped: if it is still the participant's, keep the participant
    /// for the grace period (<see cref="RoomOptions.ReconnectGraceSeconds"/>, on the room's <see cref="TimeProvider"/>),
    /// then remove it. The others are told it is reconnecting (<c>ParticipantReconnecting</c>) meanwhile.
    /// </summary>
    public Task ConnectionLostAsync(Participant participant, IParticipantNotifier notifier) => Enqueue("connection lost", async () =>
    {
        if (participant.Left || !ReferenceEquals(participant.Notifier, notifier))
        {
            return; // already gone, or resumed on another connection
        }

        participant.Notifier = null;
        participant.Touch();
        if (await _peerConnections.SignalingLostAsync(participant))
        {
            return; // its peer connections lost consent, and now its signaling connection is gone too: it has left
        }

        RoomLog.ConnectionLost(_logger, participant.Id, _options.ReconnectGraceSeconds);
        foreach (var other in Others(participant))
        {
            other.Notifier?.ParticipantReconnecting(participant.Id);
        }

        ITimer? timer = null;
        timer = _time.CreateTimer(
            _ => Post("grace period", async () =>
            {
                if (ReferenceEquals(participant.GraceTimer, timer))
                {
                    await RemoveParticipantAsync(participant, "reconnect grace period passed");
                }
            }),
            null,
            TimeSpan.FromSeconds(_options.ReconnectGraceSeconds),
            Timeout.InfiniteTimeSpan);
        participant.GraceTimer = timer;
    });

    /// <summary>Removes the participant now (it left, or its connection dropped before its join completed).</summary>
    public Task LeaveAsync(Participant participant, string reason)
        => Enqueue("leave", () => RemoveParticipantAsync(participant, reason));

    /// <summary>On the loop: frees everything of a participant and tells the others.</summary>
    private async Task RemoveParticipantAsync(Participant participant, string reason)
    {
        if (participant.Left || !_participants.Remove(participant.Id))
        {
            return;
        }

        participant.MarkLeft();
        _joinOrder.Remove(participant);
        _stats.Forget(participant.Id);
        participant.Notifier = null;
        participant.GraceTimer?.Dispose();
        participant.GraceTimer = null;
        _peerConnections.Forget(participant);
        _manager.SignalingMetrics.ParticipantRemoved();
        foreach (var track in participant.PublishedByMid.Values.ToList())
        {
            await UnpublishAsync(participant, track);
        }

        await _data.DetachAsync(participant);
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
        foreach (var other in _joinOrder)
        {
            other.Notifier?.ParticipantLeft(participant.Id);
            await _subscribers.RenegotiateAsync(other);
        }
    }
}
