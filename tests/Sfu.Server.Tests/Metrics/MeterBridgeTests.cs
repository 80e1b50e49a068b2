using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Sfu.Server.Metrics;

namespace Sfu.Server.Tests.Metrics;

public sealed class MeterBridgeTests
{
    [Fact]
    public void CountersAreTotalsPerTagSet()
    {
        using var f = new CollectorFixture();
        var dropped = f.Meter.CreateCounter<long>("sfu.test.dropped", "{packet}", "Dropped datagrams.");
        dropped.Add(2, new KeyValuePair<string, object?>("reason", "unknown_protocol"));
        dropped.Add(3, new KeyValuePair<string, object?>("reason", "unknown_protocol"));
        dropped.Add(1, new KeyValuePair<string, object?>("reason", "malformed_stun"));

        var scrape = f.Scrape();
        var family = scrape.Families["sfu_test_dropped_total"];
        Assert.Equal("counter", family.Type);
        Assert.Equal("Dropped datagrams.", family.Help);
        Assert.Equal(2, family.Samples.Count);
        Assert.Equal(5, scrape.Value("sfu_test_dropped_total", ("reason", "unknown_protocol")));
        Assert.Equal(1, scrape.Value("sfu_test_dropped_total", ("reason", "malformed_stun")));
    }

    [Fact]
    public void TagOrderDoesNotMakeANewSeries()
    {
        using var f = new CollectorFixture();
        var counter = f.Meter.CreateCounter<long>("sfu.test.ordered");
        counter.Add(1, new("a", "1"), new("b", "2"));
        counter.Add(1, new("b", "2"), new("a", "1"));
        Assert.Equal(2, f.Scrape().Value("sfu_test_ordered_total", ("a", "1"), ("b", "2")));
    }

    [Fact]
    public void TagValuesThatRenderAlikeShareOneSeries()
    {
        using var f = new CollectorFixture();
        var counter = f.Meter.CreateCounter<long>("sfu.test.status");
        counter.Add(1, new KeyValuePair<string, object?>("code", 200));
        counter.Add(1, new KeyValuePair<string, object?>("code", "200"));
        var scrape = f.Scrape();
        Assert.Single(scrape.Families["sfu_test_status_total"].Samples);
        Assert.Equal(2, scrape.Value("sfu_test_status_total", ("code", "200")));
    }

    [Fact]
    public void LabelValuesAreEscapedAndReadBackUnchanged()
    {
        using var f = new CollectorFixture();
        var counter = f.Meter.CreateCounter<long>("sfu.test.escaped");
        const string nasty = "a \"quoted\" \\ back\nslash";
        counter.Add(4, new KeyValuePair<string, object?>("dtls.reason", nasty));
        var text = f.ScrapeText();
        Assert.Contains("sfu_test_escaped_total{dtls_reason=\"a \\\"quoted\\\" \\\\ back\\nslash\"} 4\n", text, StringComparison.Ordinal);
        Assert.Equal(4, PrometheusTextParser.Parse(text).Value("sfu_test_escaped_total", ("dtls_reason", nasty)));
    }

    [Fact]
    public void UpDownCountersAreGaugesThatSum()
    {
        using var f = new CollectorFixture();
        var active = f.Meter.CreateUpDownCounter<int>("sfu.test.active", "{transport}");
        active.Add(3);
        active.Add(-1);
        var scrape = f.Scrape();
        Assert.Equal("gauge", scrape.Families["sfu_test_active"].Type);
        Assert.Equal(2, scrape.Value("sfu_test_active"));
    }

    [Fact]
    public void SynchronousGaugesKeepTheLastValue()
    {
        using var f = new CollectorFixture();
        var gauge = f.Meter.CreateGauge<double>("sfu.test.temperature", "Cel");
        gauge.Record(21.5);
        gauge.Record(19.25);
        Assert.Equal(19.25, f.Scrape().Value("sfu_test_temperature_celsius"));
    }

    [Fact]
    public void ObservableInstrumentsArePolledAtEachScrapeAndShowOnlyWhatTheyReport()
    {
        using var f = new CollectorFixture();
        var rooms = new List<Measurement<long>> { new(3, new KeyValuePair<string, object?>("worker", "0")), new(5, new KeyValuePair<string, object?>("worker", "1")) };
        long sent = 10;
        f.Meter.CreateObservableGauge("sfu.test.rooms", () => rooms, "{room}");
        f.Meter.CreateObservableCounter("sfu.test.sent", () => sent, "By");

        var first = f.Scrape();
        Assert.Equal(3, first.Value("sfu_test_rooms", ("worker", "0")));
        Assert.Equal(5, first.Value("sfu_test_rooms", ("worker", "1")));
        Assert.Equal(10, first.Value("sfu_test_sent_bytes_total"));

        rooms = [new(7, new KeyValuePair<string, object?>("worker", "1"))];
        sent = 25;
        var second = f.Scrape();
        Assert.Null(second.Value("sfu_test_rooms", ("worker", "0")));
        Assert.Equal(7, second.Value("sfu_test_rooms", ("worker", "1")));
        Assert.Equal(25, second.Value("sfu_test_sent_bytes_total"));
    }

    [Fact]
    public void HistogramsUseTheAdvisedBuckets()
    {
        using var f = new CollectorFixture();
        var rtt = f.Meter.CreateHistogram("sfu.test.rtt", "s", "Round trip time.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.5] });
        foreach (var v in new[] { 0.01, 0.05, 0.07, 0.2, 0.3, 2.0 })
        {
            rtt.Record(v, new KeyValuePair<string, object?>("kind", "video"));
        }

        var scrape = f.Scrape();
        Assert.Equal("histogram", scrape.Families["sfu_test_rtt_seconds"].Type);
        Assert.Equal(2, scrape.Value("sfu_test_rtt_seconds_bucket", ("kind", "video"), ("le", "0.05"))); // le is inclusive
        Assert.Equal(3, scrape.Value("sfu_test_rtt_seconds_bucket", ("kind", "video"), ("le", "0.1")));
        Assert.Equal(5, scrape.Value("sfu_test_rtt_seconds_bucket", ("kind", "video"), ("le", "0.5")));
        Assert.Equal(6, scrape.Value("sfu_test_rtt_seconds_bucket", ("kind", "video"), ("le", "+Inf")));
        Assert.Equal(6, scrape.Value("sfu_test_rtt_seconds_count", ("kind", "video")));
        Assert.Equal(2.63, scrape.Value("sfu_test_rtt_seconds_sum", ("kind", "video"))!.Value, 9);
    }

    [Fact]
    public void HistogramsWithoutAdviceGetDefaultsByUnit()
    {
        using var f = new CollectorFixture();
        f.Meter.CreateHistogram<double>("sfu.test.wait", "s").Record(0.3);
        f.Meter.CreateHistogram<int>("sfu.test.size", "By").Record(1200);

        var scrape = f.Scrape();
        var secondsBounds = scrape.Samples("sfu_test_wait_seconds_bucket").Select(s => s.Labels["le"]).ToList();
        Assert.Equal(HistogramBuckets.Seconds.Select(PrometheusNaming.FormatValue).Append("+Inf"), secondsBounds);
        Assert.Equal(1, scrape.Value("sfu_test_wait_seconds_bucket", ("le", "0.5")));
        Assert.Equal(0, scrape.Value("sfu_test_wait_seconds_bucket", ("le", "0.25")));
        Assert.Equal(1, scrape.Value("sfu_test_size_bytes_bucket", ("le", "2500")));
        Assert.Equal(0, scrape.Value("sfu_test_size_bytes_bucket", ("le", "1000")));
        Assert.Equal(1200, scrape.Value("sfu_test_size_bytes_sum"));
    }

    [Fact]
    public void InstrumentsWithoutMeasurementsShowZeroWhereZeroIsTrue()
    {
        using var f = new CollectorFixture();
        f.Meter.CreateCounter<long>("sfu.test.never");
        f.Meter.CreateUpDownCounter<long>("sfu.test.level");
        f.Meter.CreateHistogram<double>("sfu.test.latency", "s");
        f.Meter.CreateGauge<double>("sfu.test.unset");
        f.Meter.CreateObservableGauge("sfu.test.silent", () => Array.Empty<Measurement<int>>());

        var scrape = f.Scrape();
        Assert.Equal(0, scrape.Value("sfu_test_never_total"));
        Assert.Equal(0, scrape.Value("sfu_test_level"));
        Assert.Equal(0, scrape.Value("sfu_test_latency_seconds_count"));
        Assert.Equal(0, scrape.Value("sfu_test_latency_seconds_bucket", ("le", "+Inf")));
        Assert.False(scrape.Families.ContainsKey("sfu_test_unset"));
        Assert.False(scrape.Families.ContainsKey("sfu_test_silent"));
    }

    [Fact]
    public void TheFirstTaggedMeasurementReplacesTheZero()
    {
        using var f = new CollectorFixture();
        var failures = f.Meter.CreateCounter<long>("sfu.test.failures");
        Assert.Equal(0, f.Scrape().Value("sfu_test_failures_total"));
        failures.Add(1, new KeyValuePair<string, object?>("reason", "timeout"));
        var scrape = f.Scrape();
        Assert.Null(scrape.Value("sfu_test_failures_total"));
        Assert.Equal(1, scrape.Value("sfu_test_failures_total", ("reason", "timeout")));
    }

    [Fact]
    public void SeriesPastTheLimitAreCountedNotKept()
    {
        using var f = new CollectorFixture(maxSeries: 3);
        var counter = f.Meter.CreateCounter<long>("sfu.test.peers");
        for (int round = 0; round < 2; round++)
        {
            for (int peer = 0; peer < 5; peer++)
            {
                counter.Add(1, new KeyValuePair<string, object?>("peer", peer.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        var scrape = f.Scrape();
        Assert.Equal(3, scrape.Families["sfu_test_peers_total"].Samples.Count);
        Assert.Equal(2, scrape.Value("sfu_test_peers_total", ("peer", "0")));
        Assert.Equal(2, scrape.Value("sfu_test_peers_total", ("peer", "2")));
        Assert.Null(scrape.Value("sfu_test_peers_total", ("peer", "3")));
        Assert.Equal(4, scrape.Value(MeterBridge.SeriesDroppedName));
        Assert.Equal(4, f.Bridge.SeriesDropped);
    }

    [Fact]
    public void MetersOfAnotherScopeAreIgnored()
    {
        using var f = new CollectorFixture();
        using var other = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var foreign = other.GetRequiredService<IMeterFactory>().Create(f.MeterName);
        foreign.CreateCounter<long>("sfu.test.foreign").Add(5);
        f.Meter.CreateCounter<long>("sfu.test.own").Add(1);

        var scrape = f.Scrape();
        Assert.False(scrape.Families.ContainsKey("sfu_test_foreign_total"));
        Assert.Equal(1, scrape.Value("sfu_test_own_total"));
    }

    [Fact]
    public void AnInstrumentWhoseNameIsTakenIsLeftOut()
    {
        using var f = new CollectorFixture();
        f.Meter.CreateCounter<long>("sfu.test.dup", "{a}").Add(1);
        f.Meter.CreateCounter<long>("sfu_test.dup", "{b}").Add(7);
        f.Meter.CreateObservableGauge("process.working_set", () => 1L, "By");
        f.Meter.CreateCounter<long>("sfu.metrics.series.dropped").Add(3);

        var scrape = f.Scrape();
        Assert.Equal(1, scrape.Value("sfu_test_dup_total"));
        Assert.Single(scrape.Samples("process_working_set_bytes"));
        Assert.True(scrape.Value("process_working_set_bytes") > 1);
        Assert.Equal(0, scrape.Value(MeterBridge.SeriesDroppedName));
    }

    [Fact]
    public void ProcessMetricsHaveTheirStandardNames() // prometheus-net's: working set, not resident memory
    {
        using var f = new CollectorFixture();
        var scrape = f.Scrape();
        Assert.Equal("counter", scrape.Families["process_cpu_seconds_total"].Type);
        Assert.True(scrape.Value("process_cpu_seconds_total") > 0);
        Assert.True(scrape.Value("process_working_set_bytes") > 1024 * 1024);
        Assert.True(scrape.Value("process_open_handles") > 0);
        Assert.All(MeterBridge.ProcessMetricNames, name => Assert.True(scrape.Families.ContainsKey(name), name + " is not what prometheus-net registers"));
        var start = DateTimeOffset.FromUnixTimeMilliseconds((long)(scrape.Value("process_start_time_seconds")!.Value * 1000));
        Assert.InRange(start, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow);
    }

    [Fact]
    public void ADisposedInstrumentDisappears() // an unscoped meter: the process's own, like System.Runtime
    {
        using var f = new CollectorFixture();
        using (var meter = new Meter(f.MeterName))
        {
            meter.CreateCounter<long>("sfu.test.shortlived").Add(1);
            Assert.Equal(1, f.Scrape().Value("sfu_test_shortlived_total"));
        }

        // prometheus-net cannot unregister a family: it stays, without samples.
        Assert.Empty(f.Scrape().Samples("sfu_test_shortlived_total"));
    }
}
