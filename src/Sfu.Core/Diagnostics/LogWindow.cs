namespace Sfu.Core.Diagnostics;

/// <summary>
/// Lets a log line through at most <see cref="MaxPerSecond"/> times a second and counts what it held back, for the
/// next line to say. Calls come from any thread, hence the lock: for refusals at the edges (HTTP, the hub), never the
/// media path (a worker's drops use <see cref="RateLimitedLogger"/>, which needs no lock).
/// </summary>
public sealed class LogWindow
{
    /// <summary>Lines let through per second at most.</summary>
    public const int MaxPerSecond = 5;

    private readonly object _gate = new();
    private long _start;
    private int _count;
    private long _suppressed;

    /// <summary>True when a line may be written now; <paramref name="suppressed"/>: how many were held back since the last.</summary>
    public bool ShouldLog(TimeProvider time, out long suppressed)
    {
        long now = time.GetTimestamp();
        lock (_gate)
        {
            if (_count == 0 || time.GetElapsedTime(_start, now) >= TimeSpan.FromSeconds(1))
            {
                _start = now;
                _count = 0;
            }

            if (_count < MaxPerSecond)
            {
                _count++;
                suppressed = _suppressed;
                _suppressed = 0;
                return true;
            }

            _suppressed++;
            suppressed = 0;
            return false;
        }
    }
}
