using Sfu.Server.Tests.Metrics;

namespace Sfu.Server.Tests.Deploy;

/// <summary>
/// Every metric the Grafana dashboard queries exists in a real scrape of the server, with the type its query
/// needs (rate/increase over counters, <c>_bucket</c> of a histogram) and the labels it groups by.
/// </summary>
public sealed class DashboardTests : IClassFixture<SfuTestHost>
{
    /// <summary>Series Prometheus makes itself for each target; they are never in a scrape (tested in PrometheusServerTests).</summary>
    private static readonly HashSet<string> MadeByPrometheus = ["up", "scrape_duration_seconds", "scrape_samples_scraped"];

    /// <summary>Labels Prometheus adds to every series of a target.</summary>
    private static readonly HashSet<string> TargetLabels = ["job", "instance"];

    private readonly SfuTestHost _host;

    public DashboardTests(SfuTestHost host) => _host = host;

    private static GrafanaDashboard Dashboard => GrafanaDashboard.Load(RepositoryRoot.File("deploy", "grafana", "dashboards", "sfu-overview.json"));

    [Fact]
    public void TheDashboardQueriesWhatAnOperatorNeeds()
    {
        var dashboard = Dashboard;
        Assert.Equal("Sfu overview", dashboard.Title);
        var metrics = dashboard.Expressions.SelectMany(e => PromQlExpression.Parse(e.Expr).Metrics).ToHashSet();
        foreach (var needed in new[]
        {
            "sfu_media_packets_received_total", "sfu_media_packets_sent_total", "sfu_media_bytes_received_total", "sfu_media_bytes_sent_total",
            "sfu_media_dropped_total", "sfu_dtls_failures_total", "sfu_ice_consent_expired_total", "sfu_rtcp_keyframe_requests_sent_total",
            "sfu_transports_active", "process_cpu_seconds_total", "process_working_set_bytes", "dotnet_gc_collections_total",
            "http_server_request_duration_seconds_count", "sfu_http_refused_total",
        })
        {
            Assert.Contains(needed, metrics);
        }
    }

    [Fact]
    public async Task EveryQueriedMetricIsInARealScrape()
    {
        // Traffic that creates the labeled series: garbage datagrams (drops by reason) and HTTP requests.
        var target = MediaTraffic.MediaEndPoint(_host.Services);
        MediaTraffic.Send(target, MediaTraffic.UnknownProtocol, 3);
        MediaTraffic.Send(target, MediaTraffic.TruncatedStun, 2);
        var client = _host.CreateClient();
        await client.GetAsync("/healthz");
        await client.GetAsync("/api/rooms"); // refused without credentials: sfu_http_refused_total{reason}
        var deadline = DateTime.UtcNow.AddSeconds(20);
        PrometheusExposition scrape;
        do
        {
            scrape = PrometheusTextParser.Parse(await client.GetStringAsync("/metrics"));
        }
        while ((scrape.Value("sfu_media_dropped_total", ("reason", "malformed_stun")) ?? 0) < 2 && DateTime.UtcNow < deadline && await Delay());

        var problems = new List<string>();
        var labelsNotChecked = new HashSet<string>();
        foreach (var (panel, expr) in Dashboard.Expressions)
        {
            var query = PromQlExpression.Parse(expr);
            Assert.NotEmpty(query.Metrics);
            foreach (var metric in query.Metrics.Where(m => !MadeByPrometheus.Contains(m)))
            {
                var family = FamilyOf(scrape, metric);
                if (family is null)
                {
                    problems.Add($"'{panel}': {metric} is not in /metrics");
                    continue;
                }

                if (query.CounterArguments.Contains(metric) && family.Type != "counter" && family.Type != "histogram")
                {
                    problems.Add($"'{panel}': rate/increase of {metric}, a {family.Type}");
                }

                // Grouping labels must exist on the metric's labeled series (a family still at its label-less zero has none yet).
                var labeled = family.Samples.Where(s => s.Name == metric && s.Labels.Count > 0).ToList();
                foreach (var label in query.ByLabels.Where(l => !TargetLabels.Contains(l)))
                {
                    if (labeled.Count == 0)
                    {
                        labelsNotChecked.Add($"{metric} by {label}");
                    }
                    else if (!labeled.Any(s => s.Labels.ContainsKey(label)))
                    {
                        problems.Add($"'{panel}': {metric} has no label {label}");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));

        // A family with no labeled series yet cannot show its labels: only these two, which need a failed DTLS
        // handshake or a failed webhook, may go unchecked here; every other grouping must have been checked.
        Assert.Subset(new HashSet<string> { "sfu_dtls_failures_total by reason", "sfu_webhooks_failed_total by reason" }, labelsNotChecked);
    }

    /// <summary>The family a sample name belongs to: itself, or a histogram for <c>_bucket</c>/<c>_sum</c>/<c>_count</c>.</summary>
    private static ParsedFamily? FamilyOf(PrometheusExposition scrape, string sampleName)
    {
        if (scrape.Families.TryGetValue(sampleName, out var family) && family.Type != "histogram" && family.Samples.Count > 0)
        {
            return family;
        }

        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal)
                && scrape.Families.TryGetValue(sampleName[..^suffix.Length], out var histogram)
                && histogram.Type == "histogram" && histogram.Samples.Any(s => s.Name == sampleName))
            {
                return histogram;
            }
        }

        return null;
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(50);
        return true;
    }
}
