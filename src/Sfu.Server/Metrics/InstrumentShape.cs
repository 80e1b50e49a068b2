using System.Diagnostics.Metrics;

namespace Sfu.Server.Metrics;

/// <summary>How an instrument maps to Prometheus: its type, whether measurements add or set, its buckets.</summary>
internal sealed record InstrumentShape(MetricKind Kind, bool SetsValue, bool IsIntegral, double[] Bounds)
{
    /// <summary>
    /// Counter and ObservableCounter → counter; UpDownCounter → gauge (added); ObservableUpDownCounter,
    /// ObservableGauge and Gauge → gauge (set); Histogram → histogram. Null for an instrument type it does not know.
    /// </summary>
    /// <summary>
    /// Runtime instruments that count something that also goes down (threads, queued items), which .NET 10's
    /// <c>System.Diagnostics.DiagnosticSource</c> publishes as ObservableCounter and later versions as up-down counters.
    /// They are exported as gauges whichever version the process loads (an app-local newer DiagnosticSource, such as
    /// a package brings, must not rename a dashboard's series), and a counter's <c>_total</c> would be a lie.
    /// </summary>
    private static readonly HashSet<string> CountsThatGoDown = new(StringComparer.Ordinal)
    {
        "dotnet.thread_pool.thread.count",
        "dotnet.thread_pool.queue.length",
    };

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

        if (definition == typeof(ObservableCounter<>) && !CountsThatGoDown.Contains(instrument.Name))
        {
            return new InstrumentShape(MetricKind.Counter, SetsValue: true, integral, []);
        }

        if (definition == typeof(UpDownCounter<>))
        {
            return new InstrumentShape(MetricKind.Gauge, SetsValue: false, integral, []);
        }

        if (definition == typeof(ObservableUpDownCounter<>) || definition == typeof(ObservableGauge<>) || definition == typeof(Gauge<>)
            || (definition == typeof(ObservableCounter<>) && CountsThatGoDown.Contains(instrument.Name)))
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
