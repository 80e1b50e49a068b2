using Sfu.Load.Cli;
using Sfu.Load.Data;
using Sfu.Load.Reporting;

namespace Sfu.Load.Run;

/// <summary>
/// The room data figures of a data scenario run (the <c>data</c> object of the JSON): what the senders sent and the
/// participants received over the measurement window, the end-to-end latency, and with <c>--server-pid</c> what
/// relaying cost the server per message: CPU time, and managed bytes allocated (from its <c>/metrics</c>), each also
/// net of what the same participants cost it idle (connected, sending nothing) just before.
/// </summary>
public sealed record DataResult
{
    public bool Reliable { get; init; }

    /// <summary>Senders in the run (they also receive the others'), and participants that only receive.</summary>
    public int Senders { get; init; }

    public int Receivers { get; init; }

    /// <summary>Payload bytes per message (the tool's payload; the envelope adds 4 bytes towards the server and 4 plus the sender's id back).</summary>
    public int MessageBytes { get; init; }

    /// <summary>The rate each sender aimed at.</summary>
    public double TargetRatePerSender { get; init; }

    public double SentMessagesPerSecond { get; init; }

    public double SentMegabytesPerSecond { get; init; }

    /// <summary>Messages the participants received per second: what the server relayed.</summary>
    public double DeliveredMessagesPerSecond { get; init; }

    public double DeliveredMegabytesPerSecond { get; init; }

    /// <summary>Messages the receivers expected in the window (per sender, by sequence number) and those that did not arrive.</summary>
    public long Expected { get; init; }

    public long Missing { get; init; }

    public double LossPercent { get; init; }

    public long OutOfOrder { get; init; }

    /// <summary>End-to-end latency (send call to the receiver's handling), ms; -1 without messages.</summary>
    public double LatencyMsMedian { get; init; }

    public double LatencyMsP95 { get; init; }

    public double LatencyMsP99 { get; init; }

    /// <summary>Sends the channels refused for a full SCTP buffer (retried), and scheduled sends skipped for lagging.</summary>
    public long SendBufferFull { get; init; }

    public long SendSlotsSkipped { get; init; }

    /// <summary>Refusals from the server (rate or size limits): raise <c>Sfu:Rooms:Data:*</c> when measuring.</summary>
    public long Refusals { get; init; }

    /// <summary>SCTP retransmissions by the tool towards the server.</summary>
    public long Retransmissions { get; init; }

    /// <summary>Seconds of the idle window (connected, nothing sent) that gives the baseline.</summary>
    public double IdleWindowSeconds { get; init; }

    /// <summary>Server CPU while idle, % of one core.</summary>
    public double? ServerIdleCpuPercent { get; init; }

    /// <summary>Server CPU time per relayed (delivered) message, µs; and the same less the idle rate.</summary>
    public double? ServerCpuMicrosecondsPerMessage { get; init; }

    public double? ServerCpuMicrosecondsPerMessageNetOfIdle { get; init; }

    /// <summary>Relayed messages per second of server CPU time: what one server core relays at this cost.</summary>
    public double? RelayedMessagesPerServerCoreSecond { get; init; }

    /// <summary>Managed bytes the server allocated in the window, and per second while idle.</summary>
    public long? ServerAllocatedBytes { get; init; }

    public double? ServerIdleAllocatedBytesPerSecond { get; init; }

    /// <summary>Managed bytes the server allocated per relayed message, less the idle rate.</summary>
    public double? ServerAllocatedBytesPerMessage { get; init; }

    /// <summary>Computes the figures of the window <paramref name="start"/>..<paramref name="end"/>.</summary>
    public static DataResult From(LoadOptions options, int senders, int receivers, DataTotals start, DataTotals end, DataWindow idle, DataWindow measured)
    {
        double window = measured.Seconds;
        long delivered = end.MessagesReceived - start.MessagesReceived;
        long expected = end.Expected - start.Expected;
        long missing = Math.Max(0, end.Missing - start.Missing);
        var latency = end.LatencySince(start);
        double? cpu = measured.CpuSeconds;
        double? idleCpu = idle.CpuSeconds;
        double? idleCpuRate = idleCpu / idle.Seconds;
        double? idleAllocRate = idle.Allocated / idle.Seconds;
        return new DataResult
        {
            Reliable = options.DataReliable,
            Senders = senders,
            Receivers = receivers,
            MessageBytes = options.DataSize,
            TargetRatePerSender = options.DataRate,
            SentMessagesPerSecond = Math.Round((end.MessagesSent - start.MessagesSent) / window, 1),
            SentMegabytesPerSecond = Math.Round((end.BytesSent - start.BytesSent) / window / 1e6, 3),
            DeliveredMessagesPerSecond = Math.Round(delivered / window, 1),
            DeliveredMegabytesPerSecond = Math.Round((end.BytesReceived - start.BytesReceived) / window / 1e6, 3),
            Expected = expected,
            Missing = missing,
            LossPercent = expected > 0 ? Math.Round(100.0 * missing / expected, 4) : 0,
            OutOfOrder = end.OutOfOrder - start.OutOfOrder,
            LatencyMsMedian = Milliseconds(LatencyHistogram.Percentile(latency, 0.5)),
            LatencyMsP95 = Milliseconds(LatencyHistogram.Percentile(latency, 0.95)),
            LatencyMsP99 = Milliseconds(LatencyHistogram.Percentile(latency, 0.99)),
            SendBufferFull = end.SendBufferFull - start.SendBufferFull,
            SendSlotsSkipped = end.SendSlotsSkipped - start.SendSlotsSkipped,
            Refusals = end.Refusals,
            Retransmissions = end.Retransmissions - start.Retransmissions,
            IdleWindowSeconds = Math.Round(idle.Seconds, 2),
            ServerIdleCpuPercent = idleCpuRate is double ic ? Math.Round(ic * 100, 2) : null,
            ServerCpuMicrosecondsPerMessage = cpu is double c && delivered > 0 ? Math.Round(c * 1e6 / delivered, 3) : null,
            ServerCpuMicrosecondsPerMessageNetOfIdle = cpu is double c2 && idleCpuRate is double r && delivered > 0
                ? Math.Round((c2 - r * window) * 1e6 / delivered, 3)
                : null,
            RelayedMessagesPerServerCoreSecond = cpu is double c3 && c3 > 0 ? Math.Round(delivered / c3) : null,
            ServerAllocatedBytes = measured.Allocated,
            ServerIdleAllocatedBytesPerSecond = idleAllocRate is double ia ? Math.Round(ia) : null,
            ServerAllocatedBytesPerMessage = measured.Allocated is long a && idleAllocRate is double ar && delivered > 0
                ? Math.Round((a - ar * window) / delivered, 2)
                : null,
        };
    }

    private static double Milliseconds(long microseconds) => microseconds < 0 ? -1 : Math.Round(microseconds / 1000.0, 3);
}
