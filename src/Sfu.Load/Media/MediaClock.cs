using System.Diagnostics;

namespace Sfu.Load.Media;

/// <summary>The monotonic clock of the media loops, in microseconds since the process's first use of it.</summary>
public static class MediaClock
{
    private static readonly long Origin = Stopwatch.GetTimestamp();
    private static readonly long UnixOriginMicroseconds = (DateTimeOffset.UtcNow.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    /// <summary>Microseconds since the clock's origin.</summary>
    public static long NowMicroseconds() => (long)((Stopwatch.GetTimestamp() - Origin) * (1_000_000.0 / Stopwatch.Frequency));

    /// <summary>The wall-clock time (Unix microseconds) of a clock reading, for NTP timestamps in sender reports.</summary>
    public static long ToUnixMicroseconds(long nowUs) => UnixOriginMicroseconds + nowUs;
}
