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
    private readonly Dictionary<SendFailure, Window> _sendWindows = new();

    public RateLimitedLogger(ILogger logger, TimeProvider time, int maxPerSecond = 5)
    {
        _logger = logger;
        _time = time;
        _maxPerSecond = maxPerSecond;
    }

    /// <summary>True when a message for <paramref name="reason"/> may be written now; <paramref name="suppressed"/> says how many were held back before it.</summary>
    public bool ShouldLog(DropReason reason, out long suppressed) => ShouldLog(_windows, reason, LogLevel.Warning, out suppressed);

    /// <summary>
    /// True when a message for the failed send may be written now (at <paramref name="level"/>); at most the same
    /// number a second as drops, counted apart from them.
    /// </summary>
    public bool ShouldLog(SendFailure reason, LogLevel level, out long suppressed) => ShouldLog(_sendWindows, reason, level, out suppressed);

    private bool ShouldLog<TKey>(Dictionary<TKey, Window> windows, TKey key, LogLevel level, out long suppressed)
        where TKey : struct, Enum
    {
        suppressed = 0;
        if (!_logger.IsEnabled(level))
        {
            return false;
        }

        long now = _time.GetTimestamp();
        windows.TryGetValue(key, out var w);
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
            windows[key] = w;
            return true;
        }

        w.Suppressed++;
        windows[key] = w;
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
