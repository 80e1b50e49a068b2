using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Sfu.Server.Metrics;

namespace Sfu.Server.Tests.Metrics;

/// <summary>A collector that sees only one meter of its own (a unique name, from its own meter factory).</summary>
public sealed class CollectorFixture : IDisposable
{
    private readonly ServiceProvider _services;

    public CollectorFixture(int maxSeries = 1000)
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        Factory = _services.GetRequiredService<IMeterFactory>();
        MeterName = "Sfu.Test." + Guid.NewGuid().ToString("N");
        Meter = Factory.Create(MeterName);
        Collector = new MetricsCollector(new MetricsOptions { Meters = [MeterName], MaxSeriesPerInstrument = maxSeries }, Factory);
    }

    public IMeterFactory Factory { get; }

    public string MeterName { get; }

    public Meter Meter { get; }

    public MetricsCollector Collector { get; }

    /// <summary>Scrapes and validates with the strict parser.</summary>
    public PrometheusExposition Scrape() => PrometheusTextParser.Parse(Collector.Scrape());

    public void Dispose()
    {
        Collector.Dispose();
        _services.Dispose();
    }
}
