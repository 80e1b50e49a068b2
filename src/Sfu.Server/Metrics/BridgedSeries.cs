using Prometheus;

namespace Sfu.Server.Metrics;

/// <summary>
/// One tag set of an instrument and the prometheus-net child that holds its value (a counter, gauge or histogram
/// child). Measurements go straight to the child, which is thread-safe and takes no lock.
/// </summary>
internal sealed class BridgedSeries
{
    private ChildBase _child;
    private long _observedGeneration;

    public BridgedSeries(SeriesLabels labels, ChildBase child)
    {
        Labels = labels;
        _child = child;
    }

    public SeriesLabels Labels { get; }

    /// <summary>The child; replaced only when an observable counter goes back (a reset), on the scrape's thread.</summary>
    public ChildBase Child
    {
        get => Volatile.Read(ref _child);
        set => Volatile.Write(ref _child, value);
    }

    /// <summary>The scrape in which an observable instrument last reported this series.</summary>
    public long ObservedGeneration
    {
        get => Volatile.Read(ref _observedGeneration);
        set => Volatile.Write(ref _observedGeneration, value);
    }
}
