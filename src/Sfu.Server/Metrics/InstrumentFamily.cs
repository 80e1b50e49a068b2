using System.Diagnostics.Metrics;

namespace Sfu.Server.Metrics;

/// <summary>
/// One instrument as a Prometheus family: its name, type, help, how a measurement changes a series
/// (added, set, or put in a bucket) and its series.
/// </summary>
internal sealed class InstrumentFamily
{
    private readonly MetricsCollector _collector;
    private readonly SeriesTable _table;
    private readonly double[] _bounds;
    private readonly bool _setsValue;

    public InstrumentFamily(MetricsCollector collector, Instrument instrument, InstrumentShape shape, int maxSeries)
    {
        _collector = collector;
        Instrument = instrument;
        Kind = shape.Kind;
        IsIntegral = shape.IsIntegral;
        _setsValue = shape.SetsValue;
        _bounds = shape.Bounds;
        Name = PrometheusNaming.MetricName(instrument.Name, instrument.Unit, shape.Kind);
        Help = string.IsNullOrWhiteSpace(instrument.Description)
            ? $"{instrument.Name} of meter {instrument.Meter.Name}."
            : instrument.Description;
        _table = Kind == MetricKind.Histogram
            ? new SeriesTable(maxSeries, isHistogram: true, labels => new HistogramSeries(labels, _bounds))
            : new SeriesTable(maxSeries, isHistogram: false, labels => new ScalarSeries(labels));
    }

    public Instrument Instrument { get; }

    /// <summary>The family name (a counter's ends in <c>_total</c>).</summary>
    public string Name { get; }

    public string Help { get; }

    public MetricKind Kind { get; }

    /// <summary>Whether the instrument's values are integers (written without a fraction).</summary>
    public bool IsIntegral { get; }

    /// <summary>The histogram's bucket bounds (empty for others).</summary>
    public IReadOnlyList<double> Bounds => _bounds;

    public int SeriesCount => _table.Count;

    /// <summary>
    /// A measurement of an integer instrument, kept exact in the series' integer part (a double loses counts
    /// above 2^53). Allocates only for a tag set not seen before.
    /// </summary>
    public void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var scalar = ScalarToUpdate(value, tags);
        if (scalar is null)
        {
            return;
        }

        if (_setsValue)
        {
            scalar.Set(value);
        }
        else
        {
            scalar.Add(value);
        }
    }

    /// <summary>A measurement of a floating-point instrument. Allocates only for a tag set not seen before.</summary>
    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        var scalar = ScalarToUpdate(value, tags);
        if (scalar is null)
        {
            return;
        }

        if (_setsValue)
        {
            scalar.Set(value);
        }
        else
        {
            scalar.Add(value);
        }
    }

    /// <summary>
    /// The part both measurement types share: finds the tag set's series (counting it dropped past the limit),
    /// records a histogram's measurement, and marks a set value as observed in this scrape. Returns the scalar
    /// series whose value the caller sets or adds to, or null when nothing is left to do.
    /// </summary>
    private ScalarSeries? ScalarToUpdate(double histogramValue, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var series = _table.GetOrAdd(tags);
        if (series is null)
        {
            _collector.CountDroppedSeries();
            return null;
        }

        if (series is HistogramSeries histogram)
        {
            histogram.Record(histogramValue);
            return null;
        }

        if (_setsValue)
        {
            series.ObservedGeneration = _collector.Generation;
        }

        return (ScalarSeries)series;
    }

    /// <summary>
    /// Writes the family. An observable instrument shows the series it reported in this scrape. A counter,
    /// up-down counter or histogram that has no series yet is written as one label-less zero (the true sum of
    /// no measurements), so its family exists from the start; a synchronous gauge without a value is left out.
    /// </summary>
    public void Write(PrometheusTextWriter writer, long generation)
    {
        var all = _table.Snapshot();
        var series = Instrument.IsObservable ? Array.FindAll(all, s => s.ObservedGeneration == generation) : all;
        if (series.Length == 0)
        {
            if (Instrument.IsObservable || (_setsValue && Kind != MetricKind.Histogram))
            {
                return;
            }

            writer.WriteHeader(Name, Kind, Help);
            WriteZero(writer);
            return;
        }

        writer.WriteHeader(Name, Kind, Help);
        var buckets = Kind == MetricKind.Histogram ? new long[_bounds.Length + 1] : [];
        foreach (var s in series)
        {
            if (s is HistogramSeries histogram)
            {
                histogram.CopyBuckets(buckets);
                writer.WriteHistogram(Name, s.Labels, _bounds, buckets, histogram.Sum);
            }
            else
            {
                var scalar = (ScalarSeries)s;
                if (IsIntegral)
                {
                    writer.WriteSample(Name, s.Labels, scalar.IntegralValue);
                }
                else
                {
                    writer.WriteSample(Name, s.Labels, scalar.FloatingValue);
                }
            }
        }
    }

    private void WriteZero(PrometheusTextWriter writer)
    {
        if (Kind == MetricKind.Histogram)
        {
            writer.WriteHistogram(Name, "", _bounds, new long[_bounds.Length + 1], 0);
        }
        else
        {
            writer.WriteSample(Name, "", 0L);
        }
    }
}
