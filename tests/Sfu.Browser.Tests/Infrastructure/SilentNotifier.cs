using Sfu.Signaling.Contracts;
using Sfu.Signaling.Rooms;

namespace Sfu.Browser.Tests.Infrastructure;

/// <summary>A participant added through the room API (no client): what the room tells it goes nowhere.</summary>
public sealed class SilentNotifier : IParticipantNotifier
{
    public void ParticipantJoined(ParticipantInfo participant)
    {
    }

    public void ParticipantLeft(string participantId)
    {
    }

    public void ParticipantReconnecting(string participantId)
    {
    }

    public void ParticipantResumed(string participantId)
    {
    }

    public void TrackPublished(string participantId, TrackInfo track)
    {
    }

    public void TrackUnpublished(string participantId, string trackId)
    {
    }

    public void TrackMuted(string participantId, string trackId, bool muted)
    {
    }

    public void SubscriberOffer(SubscriberOffer offer)
    {
    }

    public void TrackUnavailable(string trackId, string reason)
    {
    }

    public void ActiveSpeakersChanged(IReadOnlyList<SpeakerInfo> speakers)
    {
    }

    public void Moving(MoveInfo move)
    {
    }

    public void Disconnected(string reason)
    {
    }
}
