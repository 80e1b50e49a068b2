using System.Diagnostics.Metrics;

namespace Sfu.Server.Metrics;

/// <summary>How an instrument maps to Prometheus: its type, whether measurements add or set, its buckets.</summary>
internal sealed record InstrumentShape(MetricKind Kind, bool SetsValue, bool IsIntegral, double[] Bounds)
{
    /// <summary>
    /// Counter and ObservableCounter → counter; UpDownCounter → gauge (added); ObservableUpDownCounter,
    /// ObservableGauge and Gauge → gauge (set); Histogram → histogram. Null for an instrument type it does not know.
    /// </summary>
    public static InstrumentShape? Of(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType || type.GetGenericArguments().Length != 1)
        {
            return null;
        }

        var valueType = type.GetGenericArguments()[0];
        bool integral = valueType == typeof(long) || valueType == typeof(int) || valueType == typeof(short) || valueType == typeof(byte);
        bool floating = valueType == typeof(double) || valueType == typeof(float) || valueType == typeof(decimal);
        if (!integral && !floating)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        if (definition == typeof(Counter<>))
        {
            return new InstrumentShape(MetricKind.Counter, SetsValue: false, integral, []);
        }

        if (definition == typeof(ObservableCounter<>))
        {
            return new InstrumentShape(MetricKind.Counter, SetsValue: true, integral, []);
        }

        if (definition == typeof(UpDownCounter<>))
        {
            return new InstrumentShape(MetricKind.Gauge, SetsValue: false, integral, []);
        }

        if (definition == typeof(ObservableUpDownCounter<>) || definition == typeof(ObservableGauge<>) || definition == typeof(Gauge<>))
        {
            return new InstrumentShape(MetricKind.Gauge, SetsValue: true, integral, []);
        }

        if (definition == typeof(Histogram<>))
        {
            return new InstrumentShape(MetricKind.Histogram, SetsValue: false, IsIntegral: false, HistogramBuckets.For(instrument));
        }

        return null;
    }
}
