using Microsoft.Extensions.Logging;
using Sfu.Core.ActiveSpeakers;
using Sfu.Signaling.Contracts;
using Sfu.Signaling.Diagnostics;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// A room's active speakers: the list the router's <see cref="ActiveSpeakerObserver"/> last reported (without those
/// who left since), told to every participant when it changes and to each one who joins or resumes. Owned by one
/// <see cref="Room"/> and changed only on its loop; <see cref="Current"/> may be read on any thread.
/// </summary>
internal sealed class RoomSpeakers
{
    private readonly string _room;
    private readonly SignalingMetrics _metrics;
    private readonly ILogger _logger;
    /// <summary>An array, not a wrapped list: SignalR's JSON writes an array without allocating an enumerator, once per recipient.</summary>
    private SpeakerInfo[] _current = [];

    /// <summary>The speakers of the room <paramref name="room"/>; changes are counted in <paramref name="metrics"/>.</summary>
    public RoomSpeakers(string room, SignalingMetrics metrics, ILogger logger)
    {
        _room = room;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Who speaks now, loudest first, as the loop last saw it (an immutable list: safe on any thread).</summary>
    public IReadOnlyList<SpeakerInfo> Current => Volatile.Read(ref _current);

    /// <summary>
    /// On the loop: takes the observer's <paramref name="speakers"/>, keeping those still in <paramref name="participants"/>;
    /// when the list changed, every one of <paramref name="everyone"/> is told.
    /// </summary>
    public void Apply(ActiveSpeaker[] speakers, Dictionary<string, Participant> participants, List<Participant> everyone)
    {
        var list = new List<SpeakerInfo>(speakers.Length);
        foreach (var speaker in speakers)
        {
            if (participants.ContainsKey(speaker.SpeakerId)) // not one who left since the worker reported it
            {
                list.Add(new SpeakerInfo(speaker.SpeakerId, Math.Round(speaker.Level, 4)));
            }
        }

        var current = Current;
        if (list.Select(s => s.ParticipantId).SequenceEqual(current.Select(s => s.ParticipantId), StringComparer.Ordinal))
        {
            return;
        }

        Volatile.Write(ref _current, list.ToArray());
        _metrics.ActiveSpeakersChanged();
        RoomLog.ActiveSpeakers(_logger, _room, list.Count, list.Count > 0 ? list[0].ParticipantId : "nobody");
        foreach (var participant in everyone)
        {
            participant.Notifier?.ActiveSpeakersChanged(_current);
        }
    }

    /// <summary>On the loop: a participant who just joined or resumed learns who speaks (if anyone does).</summary>
    public void Tell(Participant participant)
    {
        var speakers = Current;
        if (speakers.Count > 0)
        {
            participant.Notifier?.ActiveSpeakersChanged(speakers);
        }
    }
}
