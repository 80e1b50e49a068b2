namespace Sfu.Server.Metrics;

/// <summary>Options of the <c>/metrics</c> endpoint (section <c>Sfu:Metrics</c>).</summary>
public sealed class MetricsOptions
{
    /// <summary>The meters exposed: an exact meter name, or a prefix ending in <c>.*</c>.</summary>
    public List<string> Meters { get; set; } =
    [
        "Sfu.*",
        "System.Runtime",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
    ];

    /// <summary>
    /// Most distinct tag sets (series) kept per instrument. Measurements with a new tag set past this are
    /// not recorded and are counted in <c>sfu_metrics_series_dropped_total</c>.
    /// </summary>
    public int MaxSeriesPerInstrument { get; set; } = 1000;

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        if (MaxSeriesPerInstrument < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSeriesPerInstrument), MaxSeriesPerInstrument, "must be at least 1");
        }
    }

    /// <summary>Whether a meter of this name is exposed.</summary>
    public bool IncludesMeter(string meterName)
    {
        foreach (var pattern in Meters)
        {
            if (pattern.EndsWith(".*", StringComparison.Ordinal))
            {
                var prefix = pattern.AsSpan(0, pattern.Length - 1); // keeps the dot
                if (meterName.AsSpan().StartsWith(prefix, StringComparison.Ordinal))
                {
                    return true;
                }
            }
            else if (string.Equals(pattern, meterName, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
