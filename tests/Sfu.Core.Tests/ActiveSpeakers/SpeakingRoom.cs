using Sfu.Core.ActiveSpeakers;
using Sfu.Core.Forwarding;
using Sfu.Core.Rtp;
using Sfu.Core.Tests.Forwarding;

namespace Sfu.Core.Tests.ActiveSpeakers;

/// <summary>
/// A router with observed microphones on a manual clock: each participant sends a 20 ms Opus packet with the level it
/// is given (or nothing), the router ticks every 20 ms, and every report of the observer is recorded with its time.
/// </summary>
internal sealed class SpeakingRoom : IDisposable
{
    /// <summary>The level of silence in RFC 6464 (-127 dBov).</summary>
    public const int Silence = 127;

    private readonly ForwardingHarness _h = new();
    private readonly Dictionary<string, (RecordingSink Sink, StreamGenerator Stream, PublishedTrack Track)> _people = new(StringComparer.Ordinal);

    public SpeakingRoom()
    {
        Observer.Changed = speakers => Reports.Add((ElapsedMs, speakers));
        Router.Tick(); // starts the observer's clock
    }

    public RoomRouter Router => _h.Router;

    public ActiveSpeakerObserver Observer => _h.Router.ActiveSpeakers;

    public List<(double AtMs, ActiveSpeaker[] Speakers)> Reports { get; } = [];

    public double ElapsedMs { get; private set; }

    /// <summary>The level each participant sends (-dBov), or null for no packets at all.</summary>
    public Dictionary<string, int?> Levels { get; } = new(StringComparer.Ordinal);

    public PublishedTrack Join(string id, bool observe = true)
    {
        var sink = new RecordingSink(id);
        uint ssrc = 0x5000_0000u + (uint)_people.Count;
        var track = _h.PublishAudio(sink, trackId: "mic-" + id);
        if (observe)
        {
            Observer.Observe(track, id);
        }

        _people[id] = (sink, new StreamGenerator(ssrc, TestCodecs.PubOpus, ForwardingHarness.AudioMid), track);
        Levels[id] = Silence;
        return track;
    }

    /// <summary>Runs <paramref name="milliseconds"/> of media: one packet per participant that sends, then a tick, every 20 ms.</summary>
    public void Run(double milliseconds, int packetEveryMs = 20)
    {
        for (double t = 0; t < milliseconds; t += 20)
        {
            bool send = ((long)Math.Round(ElapsedMs) % packetEveryMs) == 0;
            foreach (var (id, person) in _people)
            {
                if (send && Levels[id] is int level)
                {
                    _h.Send(person.Sink, person.Stream.Next(RtpPackets.Opus(), false, [(TestCodecs.PubAudioLevel, [(byte)(0x80 | level)])]));
                    person.Stream.NextFrame(960);
                }
            }

            _h.Time.AdvanceMilliseconds(20);
            ElapsedMs += 20;
            Router.Tick();
        }
    }

    /// <summary>The speakers as last reported, loudest first.</summary>
    public string[] Current => Observer.Speakers.Select(s => s.SpeakerId).ToArray();

    /// <summary>The time of the first report at or after <paramref name="fromMs"/> that satisfies <paramref name="condition"/>.</summary>
    public double? FirstReport(double fromMs, Func<string[], bool> condition)
        => Reports.Where(r => r.AtMs >= fromMs && condition(r.Speakers.Select(s => s.SpeakerId).ToArray())).Select(r => (double?)r.AtMs).FirstOrDefault();

    public void Dispose() => _h.Dispose();
}
