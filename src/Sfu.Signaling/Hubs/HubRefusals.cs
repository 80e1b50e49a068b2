using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using Sfu.Core.Diagnostics;
using Sfu.Signaling.Diagnostics;

namespace Sfu.Signaling.Hubs;

/// <summary>
/// What the hub does with a refused call, cheaply, however many come: counts it (<c>sfu.hub.refused</c> by reason,
/// exported as <c>sfu_hub_refused_total{reason}</c>), logs it as a one-line warning without a stack trace at most
/// <see cref="LogWindow.MaxPerSecond"/> times a second per reason, and closes a connection that is refused more than
/// <see cref="MaxRefusalsPerConnection"/> times within <see cref="RefusalWindow"/> (counted in
/// <c>sfu.hub.refusal_disconnects</c>). Unexpected exceptions are logged at Error with their stack, rate-limited the
/// same way. SignalR's own error line for each refused invocation is filtered out by the host (see LoggingSetup).
/// </summary>
public sealed partial class HubRefusals
{
    /// <summary>Refusals a connection may have within <see cref="RefusalWindow"/>; one more closes it.</summary>
    public const int MaxRefusalsPerConnection = 50;

    /// <summary>The window <see cref="MaxRefusalsPerConnection"/> counts in.</summary>
    public static readonly TimeSpan RefusalWindow = TimeSpan.FromSeconds(10);

    private const string CounterKey = "sfu.refusals";

    private static readonly string[] Names = ["invalid", "not_joined", "room", "rate_limited", "draining"];

    private readonly Counter<long> _refused;
    private readonly Counter<long> _disconnects;
    private readonly KeyValuePair<string, object?>[] _tags;
    private readonly LogWindow[] _windows;
    private readonly LogWindow _unexpectedWindow = new();
    private readonly LogWindow _disconnectWindow = new();
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public HubRefusals(IMeterFactory? meterFactory, ILogger<HubRefusals> logger, TimeProvider time)
    {
        var meter = meterFactory?.Create(SignalingMetrics.MeterName) ?? new Meter(SignalingMetrics.MeterName);
        _refused = meter.CreateCounter<long>("sfu.hub.refused", "{call}", "Hub calls refused, by reason (invalid, not_joined, room, rate_limited, draining).");
        _disconnects = meter.CreateCounter<long>("sfu.hub.refusal_disconnects", "{connection}", "Connections closed because too many of their calls were refused.");
        _tags = Names.Select(n => new KeyValuePair<string, object?>("reason", n)).ToArray();
        _windows = Names.Select(_ => new LogWindow()).ToArray();
        _logger = logger;
        _time = time;
    }

    /// <summary>The label value of a reason.</summary>
    public static string NameOf(HubRefusalReason reason) => Names[(int)reason];

    /// <summary>
    /// Counts and (rate-limited) logs a refused call of <paramref name="context"/>'s connection; closes the connection
    /// when it was refused too often. Returns true when it was closed.
    /// </summary>
    public bool Refused(HubCallerContext context, string method, HubRefusalReason reason, string message)
    {
        _refused.Add(1, _tags[(int)reason]);
        if (_windows[(int)reason].ShouldLog(_time, out long suppressed) && _logger.IsEnabled(LogLevel.Warning))
        {
            LogRefused(_logger, NameOf(reason), method, context.ConnectionId, message, suppressed);
        }

        var counter = CounterOf(context);
        if (!counter.Add(_time))
        {
            return false;
        }

        _disconnects.Add(1);
        if (_disconnectWindow.ShouldLog(_time, out long held))
        {
            LogClosing(_logger, context.ConnectionId, counter.Count, RefusalWindow.TotalSeconds, held);
        }

        context.Abort();
        return true;
    }

    /// <summary>An exception the hub did not expect (a bug): logged with its stack, rate-limited.</summary>
    public void Unexpected(HubCallerContext context, string method, Exception exception)
    {
        if (_unexpectedWindow.ShouldLog(_time, out long suppressed))
        {
            LogUnexpected(_logger, exception, method, context.ConnectionId, suppressed);
        }
    }

    private static RefusalCounter CounterOf(HubCallerContext context)
    {
        if (context.Items.TryGetValue(CounterKey, out var value) && value is RefusalCounter counter)
        {
            return counter;
        }

        counter = new RefusalCounter();
        context.Items[CounterKey] = counter;
        return counter;
    }

    [LoggerMessage(240, LogLevel.Warning, "Hub call refused ({Reason}): {Method} on connection {Connection}: {Message} ({Suppressed} more held back since the last)")]
    private static partial void LogRefused(ILogger logger, string reason, string method, string connection, string message, long suppressed);

    [LoggerMessage(241, LogLevel.Warning, "Closing connection {Connection}: {Count} refused calls within {Seconds} s ({Suppressed} more closed since the last)")]
    private static partial void LogClosing(ILogger logger, string connection, int count, double seconds, long suppressed);

    [LoggerMessage(242, LogLevel.Error, "Hub call {Method} on connection {Connection} failed unexpectedly ({Suppressed} more held back since the last)")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string connection, long suppressed);

    /// <summary>One connection's refusals in the current window. Its calls may overlap (streaming aside), hence the lock.</summary>
    private sealed class RefusalCounter
    {
        private readonly object _gate = new();
        private long _start;
        private bool _closed;

        public int Count { get; private set; }

        /// <summary>Counts one; true the first time the count goes over the limit.</summary>
        public bool Add(TimeProvider time)
        {
            long now = time.GetTimestamp();
            lock (_gate)
            {
                if (Count == 0 || time.GetElapsedTime(_start, now) >= RefusalWindow)
                {
                    _start = now;
                    Count = 0;
                }

                Count++;
                if (Count > MaxRefusalsPerConnection && !_closed)
                {
                    _closed = true;
                    return true;
                }

                return false;
            }
        }
    }
}
