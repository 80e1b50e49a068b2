using Microsoft.Extensions.Logging;
using Sfu.Core.Net;

namespace Sfu.Core.Diagnostics;

/// <summary>
/// Lets a warning through at most <c>maxPerSecond</c> times a second per key, counting what it
/// suppressed and reporting that count with the next one let through. Bad input from the network
/// is logged this way, so a flood of garbage cannot flood the log. Not thread-safe: one per worker.
/// </summary>
public sealed class RateLimitedLogger
{
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly int _maxPerSecond;
    private readonly Dictionary<DropReason, Window> _windows = new();

    public RateLimitedLogger(ILogger logger, TimeProvider time, int maxPerSecond = 5)
    {
        _logger = logger;
        _time = time;
        _maxPerSecond = maxPerSecond;
    }

    /// <summary>True when a message for <paramref name="reason"/> may be written now; <paramref name="suppressed"/> says how many were held back before it.</summary>
    public bool ShouldLog(DropReason reason, out long suppressed)
    {
        suppressed = 0;
        if (!_logger.IsEnabled(LogLevel.Warning))
        {
            return false;
        }

        long now = _time.GetTimestamp();
        _windows.TryGetValue(reason, out var w);
        if (_time.GetElapsedTime(w.Start, now) >= TimeSpan.FromSeconds(1))
        {
            w.Start = now;
            w.Count = 0;
        }

        if (w.Count < _maxPerSecond)
        {
            w.Count++;
            suppressed = w.Suppressed;
            w.Suppressed = 0;
            _windows[reason] = w;
            return true;
        }

        w.Suppressed++;
        _windows[reason] = w;
        return false;
    }

    public void Warn(DropReason reason, string detail, System.Net.SocketAddress? from)
    {
        if (ShouldLog(reason, out long suppressed))
        {
            Log.Dropped(_logger, reason.Name(), detail, from?.ToIPEndPoint().ToString() ?? "-", suppressed);
        }
    }

    private struct Window
    {
        public long Start;
        public int Count;
        public long Suppressed;
    }
}
