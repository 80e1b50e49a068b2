using System.Net;
using Sfu.Server.Metrics;

namespace Sfu.Server.Tests.Metrics;

/// <summary>The real host's <c>/metrics</c>: validated by the strict parser and by Debian's promtool.</summary>
public sealed class MetricsEndpointTests : IClassFixture<SfuTestHost>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly SfuTestHost _host;

    public MetricsEndpointTests(SfuTestHost host) => _host = host;

    [Fact]
    public async Task AnswersInTheTextFormat004()
    {
        var response = await _host.CreateClient().GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task GarbageDatagramsShowUpAsDropsByReason()
    {
        var before = await ScrapeAsync();
        var target = MediaTraffic.MediaEndPoint(_host.Services);
        MediaTraffic.Send(target, MediaTraffic.UnknownProtocol, 5);
        MediaTraffic.Send(target, MediaTraffic.RtpFromStranger, 3);
        MediaTraffic.Send(target, MediaTraffic.DtlsFromStranger, 2);
        MediaTraffic.Send(target, MediaTraffic.TruncatedStun, 4);

        var expected = new Dictionary<string, double>
        {
            ["unknown_protocol"] = Drops(before, "unknown_protocol") + 5,
            ["unknown_sender"] = Drops(before, "unknown_sender") + 5,
            ["malformed_stun"] = Drops(before, "malformed_stun") + 4,
        };
        var after = await ScrapeUntilAsync(s => expected.All(e => Drops(s, e.Key) >= e.Value));
        foreach (var (reason, count) in expected)
        {
            Assert.Equal(count, Drops(after, reason));
        }

        Assert.Equal("counter", after.Families["sfu_media_dropped_total"].Type);
        Assert.Equal("Datagrams dropped by the media path, by reason.", after.Families["sfu_media_dropped_total"].Help);
    }

    [Fact]
    public async Task TheRealScrapeHasEveryFamilyAServerNeeds()
    {
        await _host.CreateClient().GetAsync("/healthz");
        var scrape = await ScrapeAsync();
        foreach (var name in new[]
        {
            "process_cpu_seconds_total", "process_working_set_bytes", "process_start_time_seconds",
            "sfu_media_packets_received_total", "sfu_media_bytes_sent_total", "sfu_dtls_failures_total",
            "sfu_ice_consent_expired_total", "sfu_rtcp_keyframe_requests_sent_total", "sfu_transports_active",
            "sfu_metrics_series_dropped_total", "dotnet_gc_collections_total", "dotnet_process_memory_working_set_bytes",
            "http_server_request_duration_seconds",
        })
        {
            Assert.True(scrape.Families.ContainsKey(name), $"{name} is missing from /metrics");
        }

        Assert.Equal(0, scrape.Value("sfu_transports_active"));
        Assert.True(scrape.Value("http_server_request_duration_seconds_count",
            ("http_request_method", "GET"), ("http_response_status_code", "200"), ("http_route", "/healthz"),
            ("network_protocol_version", "1.1"), ("url_scheme", "http")) >= 1);
    }

    [Fact]
    public async Task PromtoolAcceptsTheRealScrape()
    {
        MediaTraffic.Send(MediaTraffic.MediaEndPoint(_host.Services), MediaTraffic.UnknownProtocol, 1);
        await ScrapeUntilAsync(s => Drops(s, "unknown_protocol") >= 1);
        var text = await _host.CreateClient().GetStringAsync("/metrics");
        var problems = await Promtool.CheckMetricsAsync(text);
        Assert.True(problems.Count == 0, "promtool check metrics: " + string.Join("; ", problems));
    }

    private static double Drops(PrometheusExposition scrape, string reason) =>
        scrape.Value("sfu_media_dropped_total", ("reason", reason)) ?? 0;

    private async Task<PrometheusExposition> ScrapeAsync() =>
        PrometheusTextParser.Parse(await _host.CreateClient().GetStringAsync("/metrics"));

    private async Task<PrometheusExposition> ScrapeUntilAsync(Func<PrometheusExposition, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var scrape = await ScrapeAsync();
            if (done(scrape) || DateTime.UtcNow > deadline)
            {
                return scrape;
            }

            await Task.Delay(50);
        }
    }
}
