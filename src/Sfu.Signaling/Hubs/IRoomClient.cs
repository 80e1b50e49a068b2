using Sfu.Signaling.Contracts;

namespace Sfu.Signaling.Hubs;

/// <summary>What the server calls on a connected client (strongly typed SignalR client).</summary>
public interface IRoomClient
{
    Task ParticipantJoined(ParticipantInfo participant);

    Task ParticipantLeft(string participantId);

    /// <summary>Another participant's signaling connection dropped: it is within its reconnect grace period.</summary>
    Task ParticipantReconnecting(string participantId);

    /// <summary>A participant that was reconnecting resumed its session.</summary>
    Task ParticipantResumed(string participantId);

    Task TrackPublished(string participantId, TrackInfo track);

    Task TrackUnpublished(string participantId, string trackId);

    Task TrackMuted(string participantId, string trackId, bool muted);

    /// <summary>A new offer for the subscriber connection; the client answers with <c>SubscriberAnswer</c>.</summary>
    Task SubscriberOffer(SubscriberOffer offer);

    /// <summary>A subscribed track that no codec of the subscriber could carry.</summary>
    Task TrackUnavailable(string trackId, string reason);

    /// <summary>Who speaks now, loudest first (empty: nobody); sent when that changes, at most every 200 ms.</summary>
    Task ActiveSpeakersChanged(IReadOnlyList<SpeakerInfo> speakers);

    /// <summary>This node drains: rejoin the room elsewhere (see <see cref="MoveInfo"/>). <c>Disconnected</c> follows.</summary>
    Task Moving(MoveInfo move);

    /// <summary>The server ends the session (room closed, removed by an admin, replaced by a newer connection).</summary>
    Task Disconnected(string reason);
}
