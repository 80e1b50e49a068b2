using System.Collections.Concurrent;
using Sfu.Signaling.Contracts;
using Sfu.Signaling.Rooms;

namespace Sfu.Signaling.Tests.Infrastructure;

/// <summary>A notifier that records what a room tells one participant, in order.</summary>
public sealed class RecordingNotifier : IParticipantNotifier
{
    private readonly ConcurrentQueue<(string Method, object?[] Args)> _messages = new();

    public IReadOnlyList<(string Method, object?[] Args)> Messages => _messages.ToList();

    /// <summary>The subscriber offers received, oldest first.</summary>
    public IReadOnlyList<SubscriberOffer> Offers => Of("SubscriberOffer").Select(a => (SubscriberOffer)a[0]!).ToList();

    public SubscriberOffer? LatestOffer => Offers.LastOrDefault();

    public IEnumerable<object?[]> Of(string method) => _messages.Where(m => m.Method == method).Select(m => m.Args);

    public bool Received(string method, Func<object?[], bool>? match = null) => Of(method).Any(a => match is null || match(a));

    public void ParticipantJoined(ParticipantInfo participant) => Add(nameof(ParticipantJoined), participant);

    public void ParticipantLeft(string participantId) => Add(nameof(ParticipantLeft), participantId);

    public void ParticipantReconnecting(string participantId) => Add(nameof(ParticipantReconnecting), participantId);

    public void ParticipantResumed(string participantId) => Add(nameof(ParticipantResumed), participantId);

    public void TrackPublished(string participantId, TrackInfo track) => Add(nameof(TrackPublished), participantId, track);

    public void TrackUnpublished(string participantId, string trackId) => Add(nameof(TrackUnpublished), participantId, trackId);

    public void TrackMuted(string participantId, string trackId, bool muted) => Add(nameof(TrackMuted), participantId, trackId, muted);

    public void SubscriberOffer(SubscriberOffer offer) => Add(nameof(SubscriberOffer), offer);

    public void TrackUnavailable(string trackId, string reason) => Add(nameof(TrackUnavailable), trackId, reason);

    public void ActiveSpeakersChanged(IReadOnlyList<SpeakerInfo> speakers) => Add(nameof(ActiveSpeakersChanged), speakers);

    public void Moving(MoveInfo move) => Add(nameof(Moving), move);

    public void Disconnected(string reason) => Add(nameof(Disconnected), reason);

    private void Add(string method, params object?[] args) => _messages.Enqueue((method, args));
}
