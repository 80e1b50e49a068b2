using System.Diagnostics.Metrics;
using Prometheus;

namespace Sfu.Server.Metrics;

/// <summary>
/// One System.Diagnostics.Metrics instrument as a prometheus-net metric family: its name, type and help, and a
/// prometheus-net collector per set of label names (an instrument may be measured with different tag keys).
/// A measurement finds its series in a lock-free table and updates the series' prometheus-net child: added for a
/// counter or up-down counter, set for a gauge or an observable instrument, observed for a histogram.
/// </summary>
internal sealed class InstrumentBridge
{
    private readonly MeterBridge _owner;
    private readonly IMetricFactory _factory;
    private readonly SeriesTable _table;
    private readonly double[] _bounds;
    private readonly bool _setsValue;
    private readonly object _collectorsGate = new();
    private readonly Dictionary<string, Collector> _collectors = new(StringComparer.Ordinal);
    private ChildBase? _zero;
    private bool _zeroIsPlaceholder;

    public InstrumentBridge(MeterBridge owner, IMetricFactory factory, Instrument instrument, InstrumentShape shape, int maxSeries)
    {
        _owner = owner;
        _factory = factory;
        Instrument = instrument;
        Kind = shape.Kind;
        _setsValue = shape.SetsValue;
        _bounds = shape.Bounds;
        Name = PrometheusNaming.MetricName(instrument.Name, instrument.Unit, shape.Kind);
        Help = string.IsNullOrWhiteSpace(instrument.Description)
            ? $"{instrument.Name} of meter {instrument.Meter.Name}."
            : instrument.Description;
        _table = new SeriesTable(maxSeries, isHistogram: Kind == MetricKind.Histogram, CreateSeries);
    }

    public Instrument Instrument { get; }

    /// <summary>The family name (a counter's ends in <c>_total</c>).</summary>
    public string Name { get; }

    public string Help { get; }

    public MetricKind Kind { get; }

    /// <summary>The number of distinct label sets recorded.</summary>
    public int SeriesCount => _table.Count;

    /// <summary>
    /// Makes the family visible before any measurement: a counter, up-down counter or histogram that has none
    /// yet is one label-less zero (the true sum of no measurements), replaced by the first tagged series, so
    /// dashboards show 0 rather than "no data". An observable instrument or a gauge shows only what it reports.
    /// Throws when prometheus-net refuses the name (taken by a metric of another type).
    /// </summary>
    public void Register()
    {
        if (Instrument.IsObservable || (_setsValue && Kind != MetricKind.Histogram))
        {
            return;
        }

        var zero = ChildOf(CollectorFor([]), []);
        zero.Publish();
        _zero = zero;
        _zeroIsPlaceholder = true;
    }

    /// <summary>A measurement. Allocates nothing and takes no lock for a tag set seen before; never throws.</summary>
    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        var series = _table.GetOrAdd(tags);
        if (series is null)
        {
            _owner.CountDroppedSeries();
            return;
        }

        switch (series.Child)
        {
            case Counter.Child counter when Instrument.IsObservable:
                SetObservedTotal(series, counter, value);
                break;
            case Counter.Child counter when value >= 0:
                counter.Inc(value);
                break;
            case Counter.Child:
                break; // a counter never goes back; System.Diagnostics.Metrics does not refuse a negative Add, we ignore it
            case Gauge.Child gauge when _setsValue:
                gauge.Set(value);
                break;
            case Gauge.Child gauge:
                gauge.Inc(value);
                break;
            case Histogram.Child histogram:
                histogram.Observe(value);
                break;
        }

        if (Instrument.IsObservable)
        {
            series.ObservedGeneration = _owner.Generation;
        }
    }

    /// <summary>After an observable instrument was polled: hides the series it did not report in this scrape.</summary>
    public void HideUnreported(long generation)
    {
        foreach (var series in _table.Snapshot())
        {
            if (series.ObservedGeneration != generation)
            {
                series.Child.Unpublish();
            }
        }
    }

    /// <summary>When the instrument is gone (its meter disposed): its series leave the scrape.</summary>
    public void HideAll()
    {
        _zero?.Unpublish();
        foreach (var series in _table.Snapshot())
        {
            series.Child.Unpublish();
        }
    }

    /// <summary>
    /// An observable counter reports its total. A total lower than the last one is a reset (say a media worker's
    /// thread ended): the series starts over, which Prometheus reads as a counter reset.
    /// </summary>
    private void SetObservedTotal(BridgedSeries series, Counter.Child counter, double total)
    {
        if (total < counter.Value)
        {
            counter.Remove();
            counter = (Counter.Child)ChildOf(CollectorFor(series.Labels.Names), series.Labels.Values);
            series.Child = counter;
        }

        counter.IncTo(total);
    }

    /// <summary>Called by the table, under its lock, for a label set not seen before.</summary>
    private BridgedSeries? CreateSeries(SeriesLabels labels)
    {
        ChildBase child;
        try
        {
            child = ChildOf(CollectorFor(labels.Names), labels.Values);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            _owner.LogLabelsRefused(Name, string.Join(",", labels.Names), e);
            return null;
        }

        lock (_collectorsGate)
        {
            if (labels.Names.Length == 0)
            {
                _zeroIsPlaceholder = false; // a real label-less measurement: its series is the zero's, and stays
            }
            else if (_zeroIsPlaceholder)
            {
                _zero!.Unpublish();
                _zeroIsPlaceholder = false;
            }
        }

        return new BridgedSeries(labels, child);
    }

    private Collector CollectorFor(string[] labelNames)
    {
        var key = string.Join('\u0001', labelNames);
        lock (_collectorsGate)
        {
            if (_collectors.TryGetValue(key, out var existing))
            {
                return existing;
            }

            // Children appear when first measured (or when Register publishes the zero), never as a zero of their own.
            Collector created = Kind switch
            {
                MetricKind.Counter => _factory.CreateCounter(Name, Help, labelNames, new CounterConfiguration { SuppressInitialValue = true }),
                MetricKind.Gauge => _factory.CreateGauge(Name, Help, labelNames, new GaugeConfiguration { SuppressInitialValue = true }),
                _ => _factory.CreateHistogram(Name, Help, labelNames, new HistogramConfiguration { Buckets = _bounds, SuppressInitialValue = true }),
            };
            _collectors.Add(key, created);
            return created;
        }
    }

    private static ChildBase ChildOf(Collector collector, string[] labelValues) => collector switch
    {
        Counter c => c.WithLabels(labelValues),
        Gauge g => g.WithLabels(labelValues),
        Histogram h => h.WithLabels(labelValues),
        _ => throw new InvalidOperationException($"unexpected collector {collector.GetType().Name}"),
    };
}
