using Sfu.Load.Data;
using Sfu.Load.Media;
using Sfu.Load.Run;

namespace Sfu.Load.Reporting;

/// <summary>
/// The room data counters of every participant summed at one moment (the data scenario), with the latency
/// histograms added up. Differences of two totals give a window's rates.
/// </summary>
public sealed record DataTotals
{
    public long AtUs { get; init; }

    /// <summary>Messages the senders' channels accepted, and their payload bytes.</summary>
    public long MessagesSent { get; init; }

    public long BytesSent { get; init; }

    /// <summary>Sends refused for a full SCTP send buffer (retried), and scheduled messages skipped for lagging.</summary>
    public long SendBufferFull { get; init; }

    public long SendSlotsSkipped { get; init; }

    /// <summary>Relayed messages the participants received, and their payload bytes.</summary>
    public long MessagesReceived { get; init; }

    public long BytesReceived { get; init; }

    public long Expected { get; init; }

    public long Missing { get; init; }

    public long OutOfOrder { get; init; }

    public long Foreign { get; init; }

    public long Refusals { get; init; }

    /// <summary>SCTP retransmissions by the tool's associations (towards the server).</summary>
    public long Retransmissions { get; init; }

    /// <summary>The latency histograms of every receiver, added up.</summary>
    public long[] Latency { get; init; } = new long[LatencyHistogram.BucketCount];

    /// <summary>Sums the counters of <paramref name="participants"/> now.</summary>
    public static DataTotals Collect(IReadOnlyList<LoadParticipant> participants)
    {
        long sent = 0, bytesSent = 0, full = 0, skipped = 0, received = 0, bytesReceived = 0, expected = 0, missing = 0, outOfOrder = 0, foreign = 0, refusals = 0, retransmissions = 0;
        var latency = new long[LatencyHistogram.BucketCount];
        foreach (var p in participants)
        {
            if (p.DataMedia is not { } d)
            {
                continue;
            }

            sent += d.MessagesSent;
            bytesSent += d.BytesSent;
            full += d.SendBufferFull;
            skipped += d.SendSlotsSkipped;
            refusals += d.Refusals;
            retransmissions += d.Sctp?.Retransmissions ?? 0;
            var r = d.Received;
            received += r.Messages;
            bytesReceived += r.Bytes;
            expected += r.Expected;
            missing += r.Missing;
            outOfOrder += r.OutOfOrder;
            foreign += r.Foreign;
            var counts = r.Latency.Counts;
            for (int i = 0; i < latency.Length; i++)
            {
                latency[i] += counts[i];
            }
        }

        return new DataTotals
        {
            AtUs = MediaClock.NowMicroseconds(),
            MessagesSent = sent,
            BytesSent = bytesSent,
            SendBufferFull = full,
            SendSlotsSkipped = skipped,
            MessagesReceived = received,
            BytesReceived = bytesReceived,
            Expected = expected,
            Missing = missing,
            OutOfOrder = outOfOrder,
            Foreign = foreign,
            Refusals = refusals,
            Retransmissions = retransmissions,
            Latency = latency,
        };
    }

    /// <summary>The latency counts of the window from <paramref name="start"/> to this.</summary>
    public long[] LatencySince(DataTotals start)
    {
        var window = new long[Latency.Length];
        for (int i = 0; i < window.Length; i++)
        {
            window[i] = Latency[i] - start.Latency[i];
        }

        return window;
    }
}
