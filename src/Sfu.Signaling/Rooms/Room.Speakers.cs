using Sfu.Core.ActiveSpeakers;
using Sfu.Signaling.Contracts;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// Active speakers: the router's <see cref="ActiveSpeakerObserver"/> (on the media worker) reports who speaks; the
/// loop hands it to the room's <see cref="RoomSpeakers"/>, which keeps the list, tells every participant, and counts the change.
/// </summary>
public sealed partial class Room
{
    /// <summary>Who speaks now, loudest first, as the loop last saw it (an immutable list: safe on any thread).</summary>
    public IReadOnlyList<SpeakerInfo> ActiveSpeakers => _speakers.Current;

    /// <summary>On the media worker: the observer's new speakers go to the loop (at most every 200 ms per room).</summary>
    private void OnSpeakersReported(ActiveSpeaker[] speakers) => Post("active speakers", () =>
    {
        _speakers.Apply(speakers, _participants, _joinOrder);
        return Task.CompletedTask;
    });
}
