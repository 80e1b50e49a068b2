using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sfu.Server.Tests.Metrics;

namespace Sfu.Server.Tests.Deploy;

/// <summary>
/// Debian's <c>prometheus</c> (installed by scripts/ensure-deps.sh), run with deploy/prometheus/prometheus.yml
/// pointed at a real server on Kestrel, scrapes it: <c>up{job="sfu"}</c> is 1 and the server's counters arrive.
/// </summary>
public sealed class PrometheusServerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task TheDeployConfigScrapesARunningServer()
    {
        var prometheusPath = Promtool.Find("prometheus");
        using var host = new KestrelSfuHost();
        var work = Directory.CreateTempSubdirectory("sfu-prometheus-");
        ChildProcess? prometheus = null;
        try
        {
            var configPath = Path.Combine(work.FullName, "prometheus.yml");
            await File.WriteAllTextAsync(configPath, ConfigFor(host.Address));
            using (var check = ChildProcess.Start(Promtool.Path, ["check", "config", configPath]))
            {
                Assert.True(await check.WaitAsync(TimeSpan.FromMinutes(1)) == 0, "promtool check config: " + check.Output);
            }

            int port = FreePort.Next();
            prometheus = ChildProcess.Start(prometheusPath,
            [
                "--config.file=" + configPath,
                "--storage.tsdb.path=" + Path.Combine(work.FullName, "data"),
                "--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
            ]);
            using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

            var up = await QueryUntilAsync(api, prometheus, "up{job=\"sfu\"}", v => v == 1);
            Assert.Equal(1, up);

            var media = MediaTraffic.MediaEndPoint(host.Services);
            MediaTraffic.Send(media, MediaTraffic.UnknownProtocol, 7);
            var drops = await QueryUntilAsync(api, prometheus, "sfu_media_dropped_total{job=\"sfu\",reason=\"unknown_protocol\"}", v => v >= 7);
            Assert.Equal(7, drops);
        }
        finally
        {
            prometheus?.Dispose();
            work.Delete(recursive: true);
        }
    }

    /// <summary>deploy/prometheus/prometheus.yml with its target replaced by the test server and a 1 s scrape interval.</summary>
    private static string ConfigFor(Uri server)
    {
        var config = File.ReadAllText(RepositoryRoot.File("deploy", "prometheus", "prometheus.yml"));
        Assert.Contains("job_name: sfu", config, StringComparison.Ordinal);
        Assert.Contains("metrics_path: /metrics", config, StringComparison.Ordinal);
        Assert.Contains("\"sfu:8080\"", config, StringComparison.Ordinal);
        Assert.Contains("scrape_interval: 15s", config, StringComparison.Ordinal);
        return config
            .Replace("\"sfu:8080\"", $"\"127.0.0.1:{server.Port}\"", StringComparison.Ordinal)
            .Replace("scrape_interval: 15s", "scrape_interval: 1s", StringComparison.Ordinal);
    }

    /// <summary>Queries Prometheus until the single result satisfies the condition; the last value otherwise (or null).</summary>
    private static async Task<double?> QueryUntilAsync(HttpClient api, ChildProcess prometheus, string query, Func<double, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        double? value = null;
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(prometheus.HasExited, "prometheus exited:\n" + prometheus.Output);
            value = await QueryAsync(api, query);
            if (value is { } v && done(v))
            {
                return v;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"{query} was {value?.ToString(CultureInfo.InvariantCulture) ?? "absent"} after {Patience}. Prometheus:\n{prometheus.Output}");
        return null;
    }

    private static async Task<double?> QueryAsync(HttpClient api, string query)
    {
        try
        {
            using var response = await api.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString(query));
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var result = doc.RootElement.GetProperty("data").GetProperty("result");
            if (result.GetArrayLength() != 1)
            {
                return null;
            }

            return double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException)
        {
            return null; // not listening yet
        }
    }
}
