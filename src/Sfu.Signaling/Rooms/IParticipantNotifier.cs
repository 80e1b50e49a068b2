using Sfu.Signaling.Contracts;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// What the server tells one participant. The room calls it from its command loop: every method must return at once
/// (queue the message and deliver it elsewhere), never block, await a client or throw. Messages to one participant
/// are delivered in the order of the calls.
/// </summary>
public interface IParticipantNotifier
{
    void ParticipantJoined(ParticipantInfo participant);

    void ParticipantLeft(string participantId);

    /// <summary>Another participant's signaling connection dropped: it is within its reconnect grace period.</summary>
    void ParticipantReconnecting(string participantId);

    /// <summary>A participant that was reconnecting resumed its session.</summary>
    void ParticipantResumed(string participantId);

    void TrackPublished(string participantId, TrackInfo track);

    void TrackUnpublished(string participantId, string trackId);

    void TrackMuted(string participantId, string trackId, bool muted);

    /// <summary>A new offer for the subscriber connection; the client answers with <c>SubscriberAnswer</c>.</summary>
    void SubscriberOffer(SubscriberOffer offer);

    /// <summary>A subscribed track that no codec of the subscriber could carry.</summary>
    void TrackUnavailable(string trackId, string reason);

    /// <summary>Who speaks now, loudest first (empty: nobody); sent when that changes, at most every 200 ms.</summary>
    void ActiveSpeakersChanged(IReadOnlyList<SpeakerInfo> speakers);

    /// <summary>This node drains: the participant should rejoin elsewhere (<see cref="MoveInfo"/>); <c>Disconnected</c> follows.</summary>
    void Moving(MoveInfo move);

    /// <summary>The server ended the participant's session (room closed, removed by an admin, replaced by a newer join).</summary>
    void Disconnected(string reason);
}
