using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;
using Sfu.Core.Diagnostics;
using Sfu.Server.Metrics;

namespace Sfu.Benchmarks;

/// <summary>
/// What metrics cost with the Prometheus exporter listening: per measurement on the media path (a drop counted
/// with its reason tag, the traffic totals) and per scrape of the engine's and the runtime's instruments.
/// <see cref="Exporter.Bridge"/> is what <c>/metrics</c> uses; <see cref="Exporter.MeterAdapter"/> is
/// prometheus-net's own meter adapter, for comparison.
/// </summary>
[MemoryDiagnoser]
public class MetricsBenchmarks
{
    public enum Exporter
    {
        Bridge,
        MeterAdapter,
    }

    private ServiceProvider _services = null!;
    private MediaMetrics _media = null!;
    private CollectorRegistry _registry = null!;
    private IDisposable _listener = null!;
    private readonly MemoryStream _scrape = new(256 * 1024);

    [Params(Exporter.Bridge, Exporter.MeterAdapter)]
    public Exporter Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = _services.GetRequiredService<IMeterFactory>();
        _registry = Prometheus.Metrics.NewCustomRegistry();
        DotNetStats.Register(_registry);
        _listener = Kind == Exporter.Bridge
            ? new MeterBridge(new MetricsOptions { Meters = ["Sfu.*", "System.Runtime"] }, _registry, factory)
            : MeterAdapter.StartListening(new MeterAdapterOptions
            {
                Registry = _registry,
                MetricFactory = Prometheus.Metrics.WithCustomRegistry(_registry),
                InstrumentFilterPredicate = i => ReferenceEquals(i.Meter.Scope, factory) || i.Meter.Name == "System.Runtime",
            });
        _media = new MediaMetrics(factory);
        _media.Dropped(DropReason.UnknownProtocol);
        _media.RtpReceived(1200);
        _media.SubscriberReport(0.05, 0.002, 0.01);
        Scrape();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _listener.Dispose();
        _media.Dispose();
        _services.Dispose();
    }

    /// <summary>One dropped datagram: a tagged counter measurement through the listener.</summary>
    [Benchmark]
    public void CountDrop() => _media.Dropped(DropReason.UnknownProtocol);

    /// <summary>One accepted RTP datagram: per-thread totals, no listener involved (observable counters).</summary>
    [Benchmark]
    public void CountRtpReceived() => _media.RtpReceived(1200);

    /// <summary>One receiver report block: three histogram measurements.</summary>
    [Benchmark]
    public void RecordSubscriberReport() => _media.SubscriberReport(0.05, 0.002, 0.01);

    /// <summary>One scrape of every engine and runtime instrument, in the text format, into memory.</summary>
    [Benchmark]
    public long Scrape()
    {
        _scrape.SetLength(0);
        _registry.CollectAndExportAsTextAsync(_scrape).GetAwaiter().GetResult();
        return _scrape.Length;
    }
}
