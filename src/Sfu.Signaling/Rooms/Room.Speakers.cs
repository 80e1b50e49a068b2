using Sfu.Core.ActiveSpeakers;
using Sfu.Signaling.Contracts;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// Active speakers: the router's <see cref="ActiveSpeakerObserver"/> (on the media worker) reports who speaks; the
/// loop keeps the list, tells every participant, and counts the change.
/// </summary>
public sealed partial class Room
{
    private IReadOnlyList<SpeakerInfo> _activeSpeakers = [];

    /// <summary>Who speaks now, loudest first, as the loop last saw it (an immutable list: safe on any thread).</summary>
    public IReadOnlyList<SpeakerInfo> ActiveSpeakers => Volatile.Read(ref _activeSpeakers);

    /// <summary>On the media worker: the observer's new speakers go to the loop (at most every 200 ms per room).</summary>
    private void OnSpeakersReported(ActiveSpeaker[] speakers) => Post("active speakers", () =>
    {
        ApplySpeakers(speakers);
        return Task.CompletedTask;
    });

    private void ApplySpeakers(ActiveSpeaker[] speakers)
    {
        var list = new List<SpeakerInfo>(speakers.Length);
        foreach (var speaker in speakers)
        {
            if (_participants.ContainsKey(speaker.SpeakerId)) // not one who left since the worker reported it
            {
                list.Add(new SpeakerInfo(speaker.SpeakerId, Math.Round(speaker.Level, 4)));
            }
        }

        var current = ActiveSpeakers;
        if (list.Select(s => s.ParticipantId).SequenceEqual(current.Select(s => s.ParticipantId), StringComparer.Ordinal))
        {
            return;
        }

        Volatile.Write(ref _activeSpeakers, list.AsReadOnly());
        _manager.SignalingMetrics.ActiveSpeakersChanged();
        RoomLog.ActiveSpeakers(_logger, Name, list.Count, list.Count > 0 ? list[0].ParticipantId : "nobody");
        foreach (var participant in _joinOrder)
        {
            participant.Notifier?.ActiveSpeakersChanged(_activeSpeakers);
        }
    }

    /// <summary>A participant who just joined or resumed learns who speaks (if anyone does).</summary>
    private void TellSpeakers(Participant participant)
    {
        var speakers = ActiveSpeakers;
        if (speakers.Count > 0)
        {
            participant.Notifier?.ActiveSpeakersChanged(speakers);
        }
    }
}
