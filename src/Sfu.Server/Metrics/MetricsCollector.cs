using System.Diagnostics.Metrics;
using System.Text;

namespace Sfu.Server.Metrics;

/// <summary>
/// Collects System.Diagnostics.Metrics instruments for <c>/metrics</c> with a <see cref="MeterListener"/>:
/// the meters named in <see cref="MetricsOptions.Meters"/> whose scope is this host's <see cref="IMeterFactory"/>
/// (or that have no scope, such as the runtime's <c>System.Runtime</c>). Measurements are aggregated as they
/// come, without a lock and without allocation for a tag set seen before; observable instruments are polled
/// at each scrape. <see cref="Scrape"/> renders the Prometheus text format.
/// </summary>
public sealed partial class MetricsCollector : IDisposable
{
    /// <summary>The self-metric counting measurements refused because their instrument reached its series limit.</summary>
    public const string SeriesDroppedName = "sfu_metrics_series_dropped_total";

    private readonly MetricsOptions _options;
    private readonly IMeterFactory? _scope;
    private readonly ILogger _logger;
    private readonly MeterListener _listener;
    private readonly ProcessMetrics _process = new();
    private readonly object _familiesGate = new();
    private readonly Dictionary<string, InstrumentFamily> _families = new(StringComparer.Ordinal);
    private readonly object _scrapeGate = new();
    private long _generation;
    private long _seriesDropped;
    private bool _disposed;

    /// <param name="options">Which meters, and the series limit.</param>
    /// <param name="meterFactory">This host's meter factory: meters of another scope (another host in the same process) are ignored.</param>
    /// <param name="logger">Warns about instruments left out.</param>
    public MetricsCollector(MetricsOptions options, IMeterFactory? meterFactory = null, ILogger<MetricsCollector>? logger = null)
    {
        options.Validate();
        _options = options;
        _scope = meterFactory;
        _logger = (ILogger?)logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = OnMeasurementsCompleted,
        };
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((InstrumentFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((InstrumentFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((InstrumentFamily)state!).Record((double)value, tags));
        _listener.Start();
    }

    /// <summary>Measurements refused because their instrument already had <see cref="MetricsOptions.MaxSeriesPerInstrument"/> series.</summary>
    public long SeriesDropped => Interlocked.Read(ref _seriesDropped);

    /// <summary>The number of the current scrape; observable measurements are stamped with it.</summary>
    internal long Generation => Volatile.Read(ref _generation);

    /// <summary>The family names being collected, sorted.</summary>
    public IReadOnlyList<string> FamilyNames
    {
        get
        {
            lock (_familiesGate)
            {
                return _families.Keys.Order(StringComparer.Ordinal).ToList();
            }
        }
    }

    /// <summary>
    /// Polls the observable instruments and renders every family in the Prometheus text format 0.0.4
    /// (<see cref="PrometheusTextWriter.ContentType"/>). Scrapes run one at a time.
    /// </summary>
    public string Scrape()
    {
        lock (_scrapeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
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

            InstrumentFamily[] families;
            lock (_familiesGate)
            {
                families = _families.Values.ToArray();
            }

            Array.Sort(families, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            var text = new StringBuilder(16 * 1024);
            var writer = new PrometheusTextWriter(text);
            _process.Write(writer);
            foreach (var family in families)
            {
                family.Write(writer, generation);
            }

            writer.WriteHeader(SeriesDroppedName, MetricKind.Counter,
                "Measurements not recorded because their instrument already had the most series allowed (Sfu:Metrics:MaxSeriesPerInstrument).");
            writer.WriteSample(SeriesDroppedName, "", SeriesDropped);
            return text.ToString();
        }
    }

    internal void CountDroppedSeries() => Interlocked.Increment(ref _seriesDropped);

    public void Dispose()
    {
        lock (_scrapeGate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _listener.Dispose();
            _process.Dispose();
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

        var family = new InstrumentFamily(this, instrument, shape, _options.MaxSeriesPerInstrument);
        lock (_familiesGate)
        {
            if (ProcessMetrics.Names.Contains(family.Name) || family.Name == SeriesDroppedName || _families.ContainsKey(family.Name))
            {
                LogNameTaken(_logger, instrument.Name, meter.Name, family.Name);
                return;
            }

            _families.Add(family.Name, family);
        }

        listener.EnableMeasurementEvents(instrument, family);
    }

    private void OnMeasurementsCompleted(Instrument instrument, object? state)
    {
        if (state is not InstrumentFamily family)
        {
            return;
        }

        lock (_familiesGate)
        {
            if (_families.TryGetValue(family.Name, out var current) && ReferenceEquals(current, family))
            {
                _families.Remove(family.Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metrics: instrument {Instrument} ({Type}) is of a kind /metrics does not know; left out")]
    private static partial void LogUnsupported(ILogger logger, string instrument, string type);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metrics: instrument {Instrument} of meter {Meter} maps to {Name}, which is taken; left out")]
    private static partial void LogNameTaken(ILogger logger, string instrument, string meter, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metrics: an observable instrument's callback failed during a scrape")]
    private static partial void LogObservableFailed(ILogger logger, Exception exception);
}
