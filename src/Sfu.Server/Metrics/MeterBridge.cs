using System.Diagnostics.Metrics;
using Prometheus;

namespace Sfu.Server.Metrics;

/// <summary>
/// Exports System.Diagnostics.Metrics instruments through a prometheus-net <see cref="CollectorRegistry"/>, which
/// owns the series' values, the exposition formats and <c>/metrics</c>. A <see cref="MeterListener"/> takes the
/// meters named in <see cref="MetricsOptions.Meters"/> whose scope is this host's <see cref="IMeterFactory"/> (or
/// that have no scope, such as the runtime's <c>System.Runtime</c>). Each instrument keeps the Prometheus name,
/// type and labels our dashboards use (<see cref="PrometheusNaming"/>); observable instruments are polled before
/// each collection of the registry.
/// </summary>
/// <remarks>
/// prometheus-net's own <c>MeterAdapter</c> does not fit: it names a metric after its meter and instrument with no
/// unit or <c>_total</c> (<c>sfu_media_sfu_media_dropped</c>), exports every counter as a gauge, drops series not
/// updated for five minutes (a quiet counter comes back from zero) and takes three reader-writer locks per
/// measurement. This bridge is what is left of the hand-written exporter; see docs/dependencies.md.
/// </remarks>
public sealed partial class MeterBridge : IDisposable
{
    /// <summary>The self-metric counting measurements refused because their instrument reached its series limit.</summary>
    public const string SeriesDroppedName = "sfu_metrics_series_dropped_total";

    /// <summary>Names prometheus-net's process collector (<c>DotNetStats</c>) registers, which no instrument may take.</summary>
    public static readonly IReadOnlySet<string> ProcessMetricNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "process_cpu_seconds_total", "process_virtual_memory_bytes", "process_working_set_bytes", "process_private_memory_bytes",
        "process_open_handles", "process_num_threads", "process_start_time_seconds", "dotnet_collection_count_total",
        "dotnet_total_memory_bytes",
    };

    private readonly MetricsOptions _options;
    private readonly IMeterFactory? _scope;
    private readonly ILogger _logger;
    private readonly IMetricFactory _factory;
    private readonly MeterListener _listener;
    private readonly Counter _seriesDropped;
    private readonly object _instrumentsGate = new();
    private readonly Dictionary<string, InstrumentBridge> _instruments = new(StringComparer.Ordinal);
    private readonly object _collectGate = new();
    private long _generation;
    private bool _disposed;

    /// <param name="options">Which meters, and the series limit.</param>
    /// <param name="registry">Where the metrics go; <c>/metrics</c> serves it.</param>
    /// <param name="meterFactory">This host's meter factory: meters of another scope (another host in the same process) are ignored.</param>
    /// <param name="logger">Warns about instruments left out.</param>
    public MeterBridge(MetricsOptions options, CollectorRegistry registry, IMeterFactory? meterFactory = null, ILogger<MeterBridge>? logger = null)
    {
        options.Validate();
        _options = options;
        _scope = meterFactory;
        _logger = (ILogger?)logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _seriesDropped = _factory.CreateCounter(SeriesDroppedName,
            "Measurements not recorded because their instrument already had the most series allowed (Sfu:Metrics:MaxSeriesPerInstrument).");
        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = OnMeasurementsCompleted,
        };
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentBridge)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentBridge)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((InstrumentBridge)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((InstrumentBridge)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentBridge)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentBridge)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((InstrumentBridge)state!).Record((double)value, tags));
        _listener.Start();
        registry.AddBeforeCollectCallback(PollObservableInstruments);
    }

    /// <summary>Measurements refused because their instrument already had <see cref="MetricsOptions.MaxSeriesPerInstrument"/> series.</summary>
    public long SeriesDropped => (long)_seriesDropped.Value;

    /// <summary>The family names being exported, sorted.</summary>
    public IReadOnlyList<string> FamilyNames
    {
        get
        {
            lock (_instrumentsGate)
            {
                return _instruments.Keys.Order(StringComparer.Ordinal).ToList();
            }
        }
    }

    /// <summary>The number of the current collection; observable measurements are stamped with it.</summary>
    internal long Generation => Volatile.Read(ref _generation);

    internal void CountDroppedSeries() => _seriesDropped.Inc();

    public void Dispose()
    {
        lock (_collectGate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _listener.Dispose();
        }
    }

    /// <summary>
    /// Before each collection of the registry: polls the observable instruments, then hides the series they no
    /// longer report. Collections run this one at a time.
    /// </summary>
    private void PollObservableInstruments()
    {
        lock (_collectGate)
        {
            if (_disposed)
            {
                return;
            }

            long generation = Interlocked.Increment(ref _generation);
            try
            {
                _listener.RecordObservableInstruments();
            }
            catch (Exception e)
            {
                // One failing callback must not cost the whole scrape; the others were still recorded.
                LogObservableFailed(_logger, e);
            }

            InstrumentBridge[] observable;
            lock (_instrumentsGate)
            {
                observable = _instruments.Values.Where(i => i.Instrument.IsObservable).ToArray();
            }

            foreach (var instrument in observable)
            {
                instrument.HideUnreported(generation);
            }
        }
    }

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        var meter = instrument.Meter;
        if (!_options.IncludesMeter(meter.Name) || (meter.Scope is not null && !ReferenceEquals(meter.Scope, _scope)))
        {
            return;
        }

        var shape = InstrumentShape.Of(instrument);
        if (shape is null)
        {
            LogUnsupported(_logger, instrument.Name, instrument.GetType().Name);
            return;
        }

        var bridge = new InstrumentBridge(this, _factory, instrument, shape, _options.MaxSeriesPerInstrument);
        lock (_instrumentsGate)
        {
            if (ProcessMetricNames.Contains(bridge.Name) || bridge.Name == SeriesDroppedName || _instruments.ContainsKey(bridge.Name))
            {
                LogNameTaken(_logger, instrument.Name, meter.Name, bridge.Name);
                return;
            }

            try
            {
                bridge.Register();
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                LogNameRefused(_logger, instrument.Name, meter.Name, bridge.Name, e);
                return;
            }

            _instruments.Add(bridge.Name, bridge);
        }

        listener.EnableMeasurementEvents(instrument, bridge);
    }

    private void OnMeasurementsCompleted(Instrument instrument, object? state)
    {
        if (state is not InstrumentBridge bridge)
        {
            return;
        }

        lock (_instrumentsGate)
        {
            if (_instruments.TryGetValue(bridge.Name, out var current) && ReferenceEquals(current, bridge))
            {
                _instruments.Remove(bridge.Name);
            }
        }

        // prometheus-net cannot unregister a metric: the family stays, without samples.
        bridge.HideAll();
    }

    internal void LogLabelsRefused(string name, string labelNames, Exception e) => LogLabelsRefusedMessage(_logger, name, labelNames, e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metrics: instrument {Instrument} ({Type}) is of a kind /metrics does not know; left out")]
    private static partial void LogUnsupported(ILogger logger, string instrument, string type);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metrics: instrument {Instrument} of meter {Meter} maps to {Name}, which is taken; left out")]
    private static partial void LogNameTaken(ILogger logger, string instrument, string meter, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metrics: instrument {Instrument} of meter {Meter} maps to {Name}, which prometheus-net refuses; left out")]
    private static partial void LogNameRefused(ILogger logger, string instrument, string meter, string name, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metrics: {Name} with labels {Labels} is refused by prometheus-net; those measurements are not recorded")]
    private static partial void LogLabelsRefusedMessage(ILogger logger, string name, string labels, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metrics: an observable instrument's callback failed during a scrape")]
    private static partial void LogObservableFailed(ILogger logger, Exception exception);
}
