using System.Globalization;
using System.Text;

namespace Sfu.Server.Metrics;

/// <summary>
/// Prometheus names for System.Diagnostics.Metrics instruments, as the OpenTelemetry Prometheus exporter spells
/// them (prometheus-net's own meter adapter prefixes the meter name and adds no unit, which our dashboards do not
/// use): dots and other characters outside <c>[a-zA-Z0-9_]</c> become underscores (prometheus-net refuses the
/// colon, which Prometheus keeps for recording rules), the UCUM unit becomes a suffix (<c>By</c> → <c>_bytes</c>,
/// <c>s</c> → <c>_seconds</c>, annotations such as <c>{packet}</c> are dropped), counters end in <c>_total</c>.
/// A unit word the name already contains is not repeated (<c>sfu.media.bytes.received</c> in <c>By</c> is
/// <c>sfu_media_bytes_received_total</c>).
/// </summary>
public static class PrometheusNaming
{
    private static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        ["By"] = "bytes", ["KiBy"] = "kibibytes", ["MiBy"] = "mebibytes", ["GiBy"] = "gibibytes",
        ["KBy"] = "kilobytes", ["MBy"] = "megabytes", ["GBy"] = "gigabytes", ["bit"] = "bits",
        ["s"] = "seconds", ["ms"] = "milliseconds", ["us"] = "microseconds", ["ns"] = "nanoseconds",
        ["min"] = "minutes", ["h"] = "hours", ["d"] = "days",
        ["m"] = "meters", ["V"] = "volts", ["A"] = "amperes", ["J"] = "joules", ["W"] = "watts", ["g"] = "grams",
        ["Cel"] = "celsius", ["Hz"] = "hertz", ["%"] = "percent", ["1"] = "",
    };

    private static readonly Dictionary<string, string> PerUnits = new(StringComparer.Ordinal)
    {
        ["s"] = "second", ["m"] = "minute", ["h"] = "hour", ["d"] = "day", ["w"] = "week", ["mo"] = "month", ["y"] = "year",
    };

    /// <summary>The family name of an instrument: <c>sfu.media.dropped</c> (<c>{packet}</c>, counter) → <c>sfu_media_dropped_total</c>.</summary>
    public static string MetricName(string instrumentName, string? unit, MetricKind kind)
    {
        var name = Sanitize(instrumentName);
        var suffix = UnitSuffix(unit);
        if (suffix.Length > 0 && !ContainsToken(name, suffix))
        {
            name = name + "_" + suffix;
        }

        if (kind == MetricKind.Counter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }

        return name;
    }

    /// <summary>The suffix for a UCUM unit: <c>By</c> → <c>bytes</c>, <c>By/s</c> → <c>bytes_per_second</c>, <c>{packet}</c> → empty.</summary>
    public static string UnitSuffix(string? unit)
    {
        if (string.IsNullOrWhiteSpace(unit))
        {
            return "";
        }

        var bare = RemoveAnnotations(unit).Trim();
        if (bare.Length == 0)
        {
            return "";
        }

        int slash = bare.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return MapUnit(bare);
        }

        var numerator = MapUnit(bare[..slash].Trim());
        var denominatorText = bare[(slash + 1)..].Trim();
        var denominator = PerUnits.TryGetValue(denominatorText, out var per) ? per : MapUnit(denominatorText);
        if (denominator.Length == 0)
        {
            return numerator;
        }

        return numerator.Length == 0 ? "per_" + denominator : numerator + "_per_" + denominator;
    }

    /// <summary>A label name from a tag key: <c>gc.heap.generation</c> → <c>gc_heap_generation</c>.</summary>
    public static string LabelName(string key)
    {
        var name = Sanitize(key);
        return name.StartsWith("__", StringComparison.Ordinal) ? "tag" + name : name;
    }

    /// <summary>A sample value: shortest round-trip text, <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.</summary>
    public static string FormatValue(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsPositiveInfinity(value))
        {
            return "+Inf";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-Inf";
        }

        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>The text of a tag value: strings as they are, numbers and booleans invariant, null empty.</summary>
    public static string TagValueText(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        double d => FormatValue(d),
        float f => FormatValue(f),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string MapUnit(string unit)
    {
        if (unit.Length == 0)
        {
            return "";
        }

        return Units.TryGetValue(unit, out var mapped) ? mapped : Sanitize(unit).Trim('_');
    }

    private static string RemoveAnnotations(string unit)
    {
        if (!unit.Contains('{', StringComparison.Ordinal))
        {
            return unit;
        }

        var sb = new StringBuilder(unit.Length);
        int depth = 0;
        foreach (var c in unit)
        {
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth == 0)
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static bool ContainsToken(string name, string suffix) =>
        ("_" + name + "_").Contains("_" + suffix + "_", StringComparison.Ordinal);

    private static string Sanitize(string text)
    {
        var sb = new StringBuilder(text.Length + 1);
        foreach (var c in text)
        {
            bool ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_';
            char next = ok ? c : '_';
            // Collapse the runs of underscores that replaced characters ("a.-b" → "a_b").
            if (next == '_' && !ok && sb.Length > 0 && sb[^1] == '_')
            {
                continue;
            }

            sb.Append(next);
        }

        if (sb.Length == 0 || sb[0] is >= '0' and <= '9')
        {
            sb.Insert(0, '_');
        }

        return sb.ToString();
    }
}
