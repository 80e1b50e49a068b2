namespace Sfu.Server.Metrics;

/// <summary>The Prometheus type a family is exposed as.</summary>
public enum MetricKind
{
    /// <summary>A monotonic total (<c># TYPE name_total counter</c>).</summary>
    Counter,

    /// <summary>A value that goes up and down.</summary>
    Gauge,

    /// <summary>Cumulative buckets with <c>_bucket{le=...}</c>, <c>_sum</c> and <c>_count</c>.</summary>
    Histogram,
}
