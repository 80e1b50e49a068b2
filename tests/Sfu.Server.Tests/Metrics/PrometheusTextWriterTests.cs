using System.Text;
using Sfu.Server.Metrics;

namespace Sfu.Server.Tests.Metrics;

public sealed class PrometheusTextWriterTests
{
    [Fact]
    public void WritesHelpTypeAndSamples()
    {
        var text = new StringBuilder();
        var writer = new PrometheusTextWriter(text);
        writer.WriteHeader("sfu_media_dropped_total", MetricKind.Counter, "Datagrams dropped\nby reason \\ kind.");
        writer.WriteSample("sfu_media_dropped_total", PrometheusTextWriter.FormatLabels([new("reason", "unknown_protocol")]), 7L);
        writer.WriteHeader("sfu_transports_active", MetricKind.Gauge, "Alive.");
        writer.WriteSample("sfu_transports_active", "", 2.5);

        Assert.Equal(
            "# HELP sfu_media_dropped_total Datagrams dropped\\nby reason \\\\ kind.\n" +
            "# TYPE sfu_media_dropped_total counter\n" +
            "sfu_media_dropped_total{reason=\"unknown_protocol\"} 7\n" +
            "# HELP sfu_transports_active Alive.\n" +
            "# TYPE sfu_transports_active gauge\n" +
            "sfu_transports_active 2.5\n",
            text.ToString());
        var parsed = PrometheusTextParser.Parse(text.ToString());
        Assert.Equal("Datagrams dropped\nby reason \\ kind.", parsed.Families["sfu_media_dropped_total"].Help);
    }

    [Fact]
    public void FormatsLabelsSortedAndEscaped()
    {
        var labels = PrometheusTextWriter.FormatLabels([new("z", "last"), new("a", "quote \" backslash \\ newline \n")]);
        Assert.Equal("a=\"quote \\\" backslash \\\\ newline \\n\",z=\"last\"", labels);
    }

    [Fact]
    public void WritesHistogramBucketsCumulativeWithInfSumAndCount()
    {
        var text = new StringBuilder();
        var writer = new PrometheusTextWriter(text);
        writer.WriteHeader("rtt_seconds", MetricKind.Histogram, "Round trip.");
        // Per bucket: 2 at <= 0.1, 0 in (0.1, 0.5], 3 in (0.5, 1], 1 above 1.
        writer.WriteHistogram("rtt_seconds", "peer=\"a\"", [0.1, 0.5, 1], [2, 0, 3, 1], 4.25);

        Assert.Equal(
            "# HELP rtt_seconds Round trip.\n" +
            "# TYPE rtt_seconds histogram\n" +
            "rtt_seconds_bucket{peer=\"a\",le=\"0.1\"} 2\n" +
            "rtt_seconds_bucket{peer=\"a\",le=\"0.5\"} 2\n" +
            "rtt_seconds_bucket{peer=\"a\",le=\"1\"} 5\n" +
            "rtt_seconds_bucket{peer=\"a\",le=\"+Inf\"} 6\n" +
            "rtt_seconds_sum{peer=\"a\"} 4.25\n" +
            "rtt_seconds_count{peer=\"a\"} 6\n",
            text.ToString());
        PrometheusTextParser.Parse(text.ToString());
    }

    [Fact]
    public void WritesAHistogramWithoutLabels()
    {
        var text = new StringBuilder();
        var writer = new PrometheusTextWriter(text);
        writer.WriteHeader("size_bytes", MetricKind.Histogram, "Sizes.");
        writer.WriteHistogram("size_bytes", "", [100], [1, 1], 1300);
        Assert.Contains("size_bytes_bucket{le=\"100\"} 1\nsize_bytes_bucket{le=\"+Inf\"} 2\nsize_bytes_sum 1300\nsize_bytes_count 2\n", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesBucketCountsThatDoNotMatchTheBounds()
    {
        var writer = new PrometheusTextWriter(new StringBuilder());
        Assert.Throws<ArgumentException>(() => writer.WriteHistogram("h", "", [1, 2], [1, 2], 0));
    }
}
