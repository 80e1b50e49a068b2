namespace Sfu.Core.ActiveSpeakers;

/// <summary>
/// The audio level of one published audio track, from the RFC 6464 header extension of each packet: counted per
/// packet, judged per interval, smoothed over intervals. Owned by an <see cref="ActiveSpeakerObserver"/> and used on
/// the room's media worker thread only. Allocates nothing.
/// </summary>
/// <remarks>
/// An interval is active when enough of the packets a 20 ms audio stream would send in it carried sound louder than
/// <see cref="ActiveSpeakerObserver.ActiveLevelDbov"/>. Missing packets count as silence, so DTX (an Opus sender that
/// sends one comfort-noise packet every 400 ms in silence) and a paused track are silent without special cases.
/// </remarks>
public sealed class AudioLevelMeter
{
    /// <summary>Linear amplitude (0-1, 1 = full scale) of each RFC 6464 level (0-127 -dBov).</summary>
    private static readonly double[] Amplitudes = BuildAmplitudes();

    private int _packets;
    private int _loudPackets;
    private double _loudAmplitude;

    /// <summary>The level smoothed over intervals, as a linear amplitude (0 = silence, 1 = full scale).</summary>
    public double Level { get; private set; }

    /// <summary>True when the last interval was active (enough loud packets).</summary>
    public bool Active { get; private set; }

    /// <summary>Packets seen with a level since the meter started (for statistics and tests).</summary>
    public long PacketsMeasured { get; private set; }

    /// <summary>One packet's audio level extension: its first byte is the voice-activity bit and the level in -dBov.</summary>
    public void Add(byte levelByte)
    {
        int level = levelByte & 0x7F;
        _packets++;
        PacketsMeasured++;
        if (level <= ActiveSpeakerObserver.ActiveLevelDbov)
        {
            _loudPackets++;
            _loudAmplitude += Amplitudes[level];
        }
    }

    /// <summary>
    /// Ends an interval of <paramref name="elapsedMs"/> milliseconds: judges it active or not, folds its level into
    /// the smoothed one and starts the next. A muted track's interval is silent whatever it carried.
    /// </summary>
    public void CloseInterval(double elapsedMs, bool muted)
    {
        double expected = Math.Max(1, elapsedMs / ActiveSpeakerObserver.PacketIntervalMs);
        double packets = Math.Max(expected, _packets);
        Active = !muted && _loudPackets >= packets * ActiveSpeakerObserver.MinActiveFraction;
        double level = Active ? _loudAmplitude / _loudPackets : 0;
        Level += (level - Level) * ActiveSpeakerObserver.Smoothing;
        if (Level < 1e-6)
        {
            Level = 0;
        }

        _packets = 0;
        _loudPackets = 0;
        _loudAmplitude = 0;
    }

    /// <summary>A linear amplitude as -dBov (0-127), for logs and tests.</summary>
    public static double ToDbov(double amplitude) => amplitude <= 0 ? 127 : Math.Min(127, -20 * Math.Log10(amplitude));

    /// <summary>The linear amplitude of an RFC 6464 level.</summary>
    public static double ToAmplitude(int levelDbov) => Amplitudes[Math.Clamp(levelDbov, 0, 127)];

    private static double[] BuildAmplitudes()
    {
        var table = new double[128];
        for (int i = 0; i < table.Length; i++)
        {
            table[i] = i == 127 ? 0 : Math.Pow(10, -i / 20.0);
        }

        return table;
    }
}
