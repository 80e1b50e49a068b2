using System.Diagnostics.Metrics;

namespace Sfu.Server.Tests.Metrics;

/// <summary>Media workers record from their own threads while a scrape runs: nothing may be lost or allocated.</summary>
public sealed class MeterBridgeConcurrencyTests
{
    private const int Threads = 6;
    private const int Iterations = 100_000;

    private static readonly KeyValuePair<string, object?>[] Kinds =
    [
        new("kind", "rtp"), new("kind", "rtcp"), new("kind", "stun"), new("kind", "dtls"),
    ];

    [Fact]
    public void TotalsAreExactWhileScrapesRun()
    {
        using var f = new CollectorFixture();
        var packets = f.Meter.CreateCounter<long>("sfu.test.packets", "{packet}");
        var bytes = f.Meter.CreateCounter<double>("sfu.test.volume", "By");
        var sizes = f.Meter.CreateHistogram<int>("sfu.test.size", "By");
        using var start = new Barrier(Threads + 1);
        var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < Iterations; i++)
            {
                var kind = Kinds[(i + t) % Kinds.Length];
                packets.Add(1, kind);
                bytes.Add(0.5, kind);
                sizes.Record(i % 2000, kind);
                if (i % 10_000 == 0)
                {
                    // New series appear while others are being counted and scraped.
                    packets.Add(1, new KeyValuePair<string, object?>("thread", t), new KeyValuePair<string, object?>("step", i));
                }
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        start.SignalAndWait();

        double lastRtp = 0;
        int scrapes = 0;
        while (workers.Any(w => w.IsAlive) || scrapes == 0)
        {
            var scrape = PrometheusTextParser.Parse(f.ScrapeText(), countMayTrailBuckets: true);
            double rtp = scrape.Value("sfu_test_packets_total", ("kind", "rtp")) ?? 0;
            Assert.True(rtp >= lastRtp, $"the rtp counter went back from {lastRtp} to {rtp}");
            lastRtp = rtp;
            scrapes++;
        }

        workers.ForEach(w => w.Join());
        var final = f.Scrape(); // quiet now: the strict parser also checks +Inf == _count on each histogram series
        long perKind = (long)Threads * Iterations / Kinds.Length;
        foreach (var kind in Kinds)
        {
            var k = (string)kind.Value!;
            Assert.Equal(perKind, final.Value("sfu_test_packets_total", ("kind", k)));
            Assert.Equal(perKind * 0.5, final.Value("sfu_test_volume_bytes_total", ("kind", k)));
            Assert.Equal(perKind, final.Value("sfu_test_size_bytes_count", ("kind", k)));
        }

        Assert.Equal(Threads * (Iterations / 10_000), final.Samples("sfu_test_packets_total").Count(s => s.Labels.ContainsKey("thread")));
        Assert.All(final.Samples("sfu_test_packets_total").Where(s => s.Labels.ContainsKey("thread")), s => Assert.Equal(1, s.Value));
        long expectedSum = 0;
        for (int i = 0; i < Iterations; i++)
        {
            expectedSum += i % 2000;
        }

        Assert.Equal((double)expectedSum * Threads, Kinds.Sum(k => final.Value("sfu_test_size_bytes_sum", ("kind", (string)k.Value!))!.Value));
    }

    [Fact]
    public void RecordingASeenTagSetAllocatesNothing()
    {
        using var f = new CollectorFixture();
        var counter = f.Meter.CreateCounter<long>("sfu.test.hot", "{packet}");
        var volume = f.Meter.CreateCounter<double>("sfu.test.hot_volume", "By");
        var upDown = f.Meter.CreateUpDownCounter<int>("sfu.test.hot_level");
        var histogram = f.Meter.CreateHistogram<double>("sfu.test.hot_latency", "s");
        var gauge = f.Meter.CreateGauge<long>("sfu.test.hot_gauge");
        var reason = new KeyValuePair<string, object?>("reason", "srtp_auth_failed");
        var kind = new KeyValuePair<string, object?>("kind", "rtp");

        void Record()
        {
            counter.Add(1, reason);
            counter.Add(1, reason, kind);
            counter.Add(1);
            volume.Add(1200, kind);
            upDown.Add(1, kind);
            histogram.Record(0.02, kind);
            gauge.Record(5, kind);
        }

        Record(); // first use: the series are created here
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            Record();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(10_001, f.Scrape().Value("sfu_test_hot_total", ("reason", "srtp_auth_failed")));
    }
}
