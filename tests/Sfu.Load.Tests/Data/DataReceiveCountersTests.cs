using Sfu.Load.Data;

namespace Sfu.Load.Tests.Data;

/// <summary>What a receiver counts: messages and bytes per sender sequence, gaps, reordering, latency.</summary>
public sealed class DataReceiveCountersTests
{
    private static byte[] Payload(uint sender, long sequence, long sentUs, int size = 32)
    {
        var payload = new byte[size];
        DataPayload.Fill(payload);
        DataPayload.WriteHeader(payload, sender, sequence, sentUs);
        return payload;
    }

    [Fact]
    public void InOrderMessagesFromTwoSendersAreCompleteWithTheirLatency()
    {
        var counters = new DataReceiveCounters();
        for (int i = 0; i < 10; i++)
        {
            counters.OnMessage(Payload(1, i, sentUs: 1_000 * i), nowUs: 1_000 * i + 500);
            counters.OnMessage(Payload(2, 100 + i, sentUs: 1_000 * i), nowUs: 1_000 * i + 2_000);
        }

        Assert.Equal((20L, 20L * 32, 20L, 0L, 0L, 2), (counters.Messages, counters.Bytes, counters.Expected, counters.Missing, counters.OutOfOrder, counters.Senders));
        Assert.InRange(LatencyHistogram.Percentile(counters.Latency.Counts, 0.5), 495, 505); // the bucket of 500 µs
        Assert.InRange(LatencyHistogram.Percentile(counters.Latency.Counts, 0.95), 1_970, 2_030);
    }

    [Fact]
    public void AGapIsMissingUntilItArrivesOutOfOrder()
    {
        var counters = new DataReceiveCounters();
        counters.OnMessage(Payload(1, 0, 0), 0);
        counters.OnMessage(Payload(1, 3, 0), 0);
        Assert.Equal((4L, 2L, 0L), (counters.Expected, counters.Missing, counters.OutOfOrder));

        counters.OnMessage(Payload(1, 1, 0), 0);
        Assert.Equal((4L, 1L, 1L), (counters.Expected, counters.Missing, counters.OutOfOrder));
    }

    [Fact]
    public void ForeignMessagesAreCountedApart()
    {
        var counters = new DataReceiveCounters();
        counters.OnMessage(new byte[10], 0);
        counters.OnForeign();
        Assert.Equal((0L, 2L, 0L), (counters.Messages, counters.Foreign, counters.Expected));
    }
}
