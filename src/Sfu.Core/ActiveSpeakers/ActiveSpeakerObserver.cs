using Sfu.Core.Forwarding;

namespace Sfu.Core.ActiveSpeakers;

/// <summary>
/// Who speaks in a room (mediasoup's ActiveSpeakerObserver, LiveKit's active speakers), from the RFC 6464 audio level
/// each observed track's packets carry. The room observes its participants' microphone tracks under the participant's
/// id; every <see cref="Interval"/> each track's meter judges the interval, and a speaker starts speaking after
/// <see cref="IntervalsToStart"/> active intervals of the last three and stops after <see cref="HoldTime"/> without
/// one. When the speakers or their order (loudest first) change, <see cref="Changed"/> gets the new list, at most once
/// per <see cref="MinChangeInterval"/>. Owned by a <see cref="RoomRouter"/>: its media worker thread only.
/// </summary>
/// <remarks>
/// Muted tracks count as silent, and so do missing packets (DTX, a paused sender). Levels are linear amplitudes
/// (0 = silence, 1 = full scale), smoothed by <see cref="Smoothing"/> per interval. The packet path
/// (<see cref="AudioLevelMeter.Add"/>) and <see cref="Tick"/> allocate nothing unless the speakers changed.
/// </remarks>
public sealed class ActiveSpeakerObserver
{
    /// <summary>A packet louder than this (RFC 6464 -dBov, lower is louder) carries sound; room noise sits below it.</summary>
    public const int ActiveLevelDbov = 45;

    /// <summary>An interval is active when at least this share of its expected packets carried sound.</summary>
    public const double MinActiveFraction = 0.3;

    /// <summary>The packet interval an audio sender is expected to keep (Opus at 20 ms).</summary>
    public const double PacketIntervalMs = 20;

    /// <summary>Each interval moves the smoothed level this share of the way to the interval's level.</summary>
    public const double Smoothing = 0.5;

    /// <summary>Active intervals among the last three that make a silent participant a speaker.</summary>
    public const int IntervalsToStart = 2;

    /// <summary>A speaker moves ahead of one reported before it when louder by this factor (about 2 dB).</summary>
    public const double OvertakeFactor = 1.25;

    /// <summary>How often levels are judged.</summary>
    public static TimeSpan Interval { get; } = TimeSpan.FromMilliseconds(100);

    /// <summary>A speaker stays one through pauses this long (between words and short breaths).</summary>
    public static TimeSpan HoldTime { get; } = TimeSpan.FromMilliseconds(600);

    /// <summary>Changes are reported at most this often; a change within it is reported when it ends.</summary>
    public static TimeSpan MinChangeInterval { get; } = TimeSpan.FromMilliseconds(200);

    private static readonly Comparison<SpeakerState> LoudestFirst = (a, b) =>
    {
        int byLevel = b.Level.CompareTo(a.Level);
        return byLevel != 0 ? byLevel : string.CompareOrdinal(a.Id, b.Id);
    };

    private readonly TimeProvider _time;
    private readonly Dictionary<string, SpeakerState> _speakers = new(StringComparer.Ordinal);
    private readonly List<SpeakerState> _speakerList = [];
    private readonly List<SpeakerState> _speaking = [];
    private readonly long _intervalTicks;
    private readonly long _holdTicks;
    private readonly long _minChangeTicks;
    private ActiveSpeaker[] _reported = [];
    private long _lastInterval;
    private long _lastReport;
    private bool _started;

    public ActiveSpeakerObserver(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _intervalTicks = ToTicks(Interval);
        _holdTicks = ToTicks(HoldTime);
        _minChangeTicks = ToTicks(MinChangeInterval);
    }

    /// <summary>
    /// Called on the worker with the new speakers, loudest first (empty when nobody speaks). The array is the
    /// observer's and is never changed afterwards: it may be handed to another thread.
    /// </summary>
    public Action<ActiveSpeaker[]>? Changed { get; set; }

    /// <summary>The speakers as last reported to <see cref="Changed"/>, loudest first.</summary>
    public IReadOnlyList<ActiveSpeaker> Speakers => _reported;

    /// <summary>Speaker changes reported since the observer started.</summary>
    public long ChangesReported { get; private set; }

    /// <summary>Observes <paramref name="track"/> (an audio track) as one of <paramref name="speakerId"/>'s.</summary>
    /// <exception cref="ArgumentException">The track is not audio, or is observed already.</exception>
    public void Observe(PublishedTrack track, string speakerId)
    {
        ArgumentNullException.ThrowIfNull(track);
        ArgumentException.ThrowIfNullOrEmpty(speakerId);
        if (track.Kind != MediaKind.Audio)
        {
            throw new ArgumentException($"Track '{track.TrackId}' is not an audio track.", nameof(track));
        }

        if (track.LevelMeter is not null)
        {
            throw new ArgumentException($"Track '{track.TrackId}' is observed already.", nameof(track));
        }

        if (!_speakers.TryGetValue(speakerId, out SpeakerState? speaker))
        {
            speaker = new SpeakerState(speakerId);
            _speakers.Add(speakerId, speaker);
            _speakerList.Add(speaker);
        }

        track.LevelMeter = new AudioLevelMeter();
        speaker.Tracks.Add(track);
    }

    /// <summary>Stops observing <paramref name="track"/> (it was unpublished); a speaker without tracks goes.</summary>
    public void Forget(PublishedTrack track)
    {
        ArgumentNullException.ThrowIfNull(track);
        if (track.LevelMeter is null)
        {
            return;
        }

        track.LevelMeter = null;
        for (int i = 0; i < _speakerList.Count; i++)
        {
            SpeakerState speaker = _speakerList[i];
            if (speaker.Tracks.Remove(track) && speaker.Tracks.Count == 0)
            {
                _speakers.Remove(speaker.Id);
                _speakerList.RemoveAt(i);
                return;
            }
        }
    }

    /// <summary>The smoothed level of one observed track (0 when it is not observed).</summary>
    public static double LevelOf(PublishedTrack track) => track?.LevelMeter?.Level ?? 0;

    /// <summary>Judges the interval when one has passed, and reports a change. Call from the router's tick.</summary>
    public void Tick(long now)
    {
        if (!_started)
        {
            _started = true;
            _lastInterval = now;
            _lastReport = now - _minChangeTicks;
            return;
        }

        long elapsed = now - _lastInterval;
        if (elapsed < _intervalTicks)
        {
            return;
        }

        _lastInterval = now;
        double elapsedMs = elapsed * 1000.0 / _time.TimestampFrequency;
        _speaking.Clear();
        for (int i = 0; i < _speakerList.Count; i++)
        {
            SpeakerState speaker = _speakerList[i];
            for (int t = 0; t < speaker.Tracks.Count; t++)
            {
                PublishedTrack track = speaker.Tracks[t];
                track.LevelMeter!.CloseInterval(elapsedMs, track.Muted);
            }

            speaker.Update(now, _holdTicks);
            if (speaker.Speaking)
            {
                _speaking.Add(speaker);
            }
        }

        _speaking.Sort(LoudestFirst);
        if (SameOrder() || now - _lastReport < _minChangeTicks)
        {
            return;
        }

        var speakers = new ActiveSpeaker[_speaking.Count];
        for (int i = 0; i < speakers.Length; i++)
        {
            speakers[i] = new ActiveSpeaker(_speaking[i].Id, _speaking[i].Level);
        }

        _reported = speakers;
        _lastReport = now;
        ChangesReported++;
        Changed?.Invoke(speakers);
    }

    /// <summary>
    /// True when the speakers are those last reported, in an order that still holds: a speaker overtakes the one
    /// reported before it only when louder by <see cref="OvertakeFactor"/>, so two people talking at once do not
    /// swap places every interval.
    /// </summary>
    private bool SameOrder()
    {
        if (_speaking.Count != _reported.Length)
        {
            return false;
        }

        for (int i = 0; i < _reported.Length; i++)
        {
            if (!_speakers.TryGetValue(_reported[i].SpeakerId, out SpeakerState? reported) || !reported.Speaking)
            {
                return false;
            }
        }

        for (int i = 0; i < _reported.Length; i++)
        {
            SpeakerState now = _speaking[i];
            SpeakerState before = _speakers[_reported[i].SpeakerId];
            if (now != before && now.Level > before.Level * OvertakeFactor)
            {
                return false;
            }
        }

        return true;
    }

    private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);
}
