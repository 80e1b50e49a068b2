using Sfu.Core.Forwarding;

namespace Sfu.Core.ActiveSpeakers;

/// <summary>
/// One speaker (a participant) of an <see cref="ActiveSpeakerObserver"/>: its observed audio tracks, whether it
/// speaks, since when it was last heard, and its level (the loudest of its tracks).
/// </summary>
internal sealed class SpeakerState
{
    public SpeakerState(string id) => Id = id;

    public string Id { get; }

    public List<PublishedTrack> Tracks { get; } = [];

    public bool Speaking { get; private set; }

    public double Level { get; private set; }

    /// <summary>The last three intervals, one bit each (1 = active), newest in bit 0.</summary>
    private int _recent;

    private long _lastActive;

    /// <summary>Folds the interval just closed on every track in; true when it changed whether the speaker speaks.</summary>
    public bool Update(long now, long holdTicks)
    {
        bool active = false;
        double level = 0;
        for (int i = 0; i < Tracks.Count; i++)
        {
            AudioLevelMeter meter = Tracks[i].LevelMeter!;
            active |= meter.Active;
            level = Math.Max(level, meter.Level);
        }

        Level = level;
        _recent = ((_recent << 1) | (active ? 1 : 0)) & 0b111;
        if (active)
        {
            _lastActive = now;
        }

        bool speaking = Speaking
            ? now - _lastActive <= holdTicks // held through the pauses between words
            : int.PopCount(_recent) >= ActiveSpeakerObserver.IntervalsToStart; // a click or a cough is not speech
        bool changed = speaking != Speaking;
        Speaking = speaking;
        return changed;
    }
}
