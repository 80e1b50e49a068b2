using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;
using Sfu.Server.Metrics;

namespace Sfu.Server.Tests.Metrics;

/// <summary>
/// A bridge into a registry of its own that sees only one meter of its own (a unique name, from its own meter
/// factory), with prometheus-net's process metrics as the host has them.
/// </summary>
public sealed class CollectorFixture : IDisposable
{
    private readonly ServiceProvider _services;

    public CollectorFixture(int maxSeries = 1000)
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        Factory = _services.GetRequiredService<IMeterFactory>();
        MeterName = "Sfu.Test." + Guid.NewGuid().ToString("N");
        Meter = Factory.Create(MeterName);
        Registry = Prometheus.Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        Bridge = new MeterBridge(new MetricsOptions { Meters = [MeterName], MaxSeriesPerInstrument = maxSeries }, Registry, Factory);
    }

    public IMeterFactory Factory { get; }

    public string MeterName { get; }

    public Meter Meter { get; }

    public CollectorRegistry Registry { get; }

    public MeterBridge Bridge { get; }

    /// <summary>The registry in the Prometheus text format, as <c>/metrics</c> answers it.</summary>
    public string ScrapeText()
    {
        using var stream = new MemoryStream();
        Registry.CollectAndExportAsTextAsync(stream).GetAwaiter().GetResult();
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Scrapes and validates with the strict parser.</summary>
    public PrometheusExposition Scrape() => PrometheusTextParser.Parse(ScrapeText());

    public void Dispose()
    {
        Bridge.Dispose();
        _services.Dispose();
    }
}
