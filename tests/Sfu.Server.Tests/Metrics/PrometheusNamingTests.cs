using Sfu.Server.Metrics;

namespace Sfu.Server.Tests.Metrics;

public sealed class PrometheusNamingTests
{
    [Theory]
    [InlineData("sfu.media.dropped", "{packet}", MetricKind.Counter, "sfu_media_dropped_total")]
    [InlineData("sfu.media.bytes.received", "By", MetricKind.Counter, "sfu_media_bytes_received_total")]
    [InlineData("sfu.transports.active", "{transport}", MetricKind.Gauge, "sfu_transports_active")]
    [InlineData("sfu.rtcp.keyframe_requests.sent", "{request}", MetricKind.Counter, "sfu_rtcp_keyframe_requests_sent_total")]
    [InlineData("http.server.request.duration", "s", MetricKind.Histogram, "http_server_request_duration_seconds")]
    [InlineData("dotnet.gc.heap.total_allocated", "By", MetricKind.Counter, "dotnet_gc_heap_total_allocated_bytes_total")]
    [InlineData("dotnet.process.memory.working_set", "By", MetricKind.Gauge, "dotnet_process_memory_working_set_bytes")]
    [InlineData("dotnet.process.cpu.time", "s", MetricKind.Counter, "dotnet_process_cpu_time_seconds_total")]
    [InlineData("requests_total", null, MetricKind.Counter, "requests_total")]
    [InlineData("net.throughput", "By/s", MetricKind.Gauge, "net_throughput_bytes_per_second")]
    [InlineData("queue.rate", "{item}/s", MetricKind.Gauge, "queue_rate_per_second")]
    [InlineData("cpu.utilization", "1", MetricKind.Gauge, "cpu_utilization")]
    [InlineData("weird-name.with spaces", "ms", MetricKind.Histogram, "weird_name_with_spaces_milliseconds")]
    [InlineData("ns:rule.name", "", MetricKind.Gauge, "ns_rule_name")]
    [InlineData("9lives", "", MetricKind.Gauge, "_9lives")]
    public void MapsInstrumentNamesAndUnits(string instrument, string? unit, MetricKind kind, string expected)
    {
        var name = PrometheusNaming.MetricName(instrument, unit, kind);
        Assert.Equal(expected, name);
        Assert.True(PrometheusTextParser.IsMetricName(name));
    }

    [Theory]
    [InlineData("gc.heap.generation", "gc_heap_generation")]
    [InlineData("http.response.status_code", "http_response_status_code")]
    [InlineData("__reserved", "tag__reserved")]
    [InlineData("1st", "_1st")]
    public void MapsTagKeysToLabelNames(string key, string expected) => Assert.Equal(expected, PrometheusNaming.LabelName(key));

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(3.0, "3")]
    [InlineData(0.005, "0.005")]
    [InlineData(1e21, "1E+21")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    public void FormatsValuesAsGoParsesThem(double value, string expected) => Assert.Equal(expected, PrometheusNaming.FormatValue(value));
}
