using System.Collections.Concurrent;
using Sfu.Signaling.Contracts;
using Sfu.Signaling.Hubs;

namespace Sfu.Signaling.Tests.Outgoing;

/// <summary>
/// A client connection for an outgoing queue: records the calls delivered; while <see cref="Stalled"/> every call hangs
/// (a client that stopped reading: its socket is full).
/// </summary>
public sealed class FakeRoomClient : IRoomClient
{
    private readonly ConcurrentQueue<string> _delivered = new();
    private TaskCompletionSource _unstall = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FakeRoomClient(bool stalled = false)
    {
        if (!stalled)
        {
            _unstall.SetResult();
        }
    }

    /// <summary>Calls delivered (completed), in order, as "Method:first argument".</summary>
    public IReadOnlyList<string> Delivered => _delivered.ToList();

    /// <summary>Calls started (including one hanging).</summary>
    public int Started => Volatile.Read(ref _started);

    private int _started;

    public void Unstall() => _unstall.TrySetResult();

    public Task ParticipantJoined(ParticipantInfo participant) => Deliver("ParticipantJoined:" + participant.ParticipantId);

    public Task ParticipantLeft(string participantId) => Deliver("ParticipantLeft:" + participantId);

    public Task ParticipantReconnecting(string participantId) => Deliver("ParticipantReconnecting:" + participantId);

    public Task ParticipantResumed(string participantId) => Deliver("ParticipantResumed:" + participantId);

    public Task TrackPublished(string participantId, TrackInfo track) => Deliver("TrackPublished:" + track.TrackId);

    public Task TrackUnpublished(string participantId, string trackId) => Deliver("TrackUnpublished:" + trackId);

    public Task TrackMuted(string participantId, string trackId, bool muted) => Deliver("TrackMuted:" + trackId);

    public Task SubscriberOffer(SubscriberOffer offer) => Deliver("SubscriberOffer:" + offer.Version);

    public Task TrackUnavailable(string trackId, string reason) => Deliver("TrackUnavailable:" + trackId);

    public Task ActiveSpeakersChanged(IReadOnlyList<SpeakerInfo> speakers) => Deliver("ActiveSpeakersChanged:" + string.Join(",", speakers.Select(s => s.ParticipantId)));

    public Task Moving(MoveInfo move) => Deliver("Moving:" + move.Reason);

    public Task Disconnected(string reason) => Deliver("Disconnected:" + reason);

    private async Task Deliver(string call)
    {
        Interlocked.Increment(ref _started);
        await _unstall.Task;
        _delivered.Enqueue(call);
    }
}
