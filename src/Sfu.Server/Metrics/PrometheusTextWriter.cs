using System.Globalization;
using System.Text;

namespace Sfu.Server.Metrics;

/// <summary>
/// Writes the Prometheus text exposition format, version 0.0.4: one <c># HELP</c> and one <c># TYPE</c>
/// line per family, then its samples; labels as pre-rendered <c>name="value",...</c> text.
/// </summary>
public sealed class PrometheusTextWriter
{
    /// <summary>The content type of the format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _text;

    public PrometheusTextWriter(StringBuilder text) => _text = text;

    /// <summary>Renders labels (sorted by name, values escaped) as the text between the braces; empty for none.</summary>
    public static string FormatLabels(IEnumerable<KeyValuePair<string, string>> labels)
    {
        var sorted = labels.OrderBy(l => l.Key, StringComparer.Ordinal).ToList();
        var sb = new StringBuilder();
        for (int i = 0; i < sorted.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(sorted[i].Key).Append("=\"").Append(PrometheusNaming.EscapeLabelValue(sorted[i].Value)).Append('"');
        }

        return sb.ToString();
    }

    /// <summary><c># HELP</c> and <c># TYPE</c> of a family (for a counter, the name ends in <c>_total</c>).</summary>
    public void WriteHeader(string name, MetricKind kind, string help)
    {
        _text.Append("# HELP ").Append(name).Append(' ').Append(PrometheusNaming.EscapeHelp(help)).Append('\n');
        _text.Append("# TYPE ").Append(name).Append(' ').Append(kind switch
        {
            MetricKind.Counter => "counter",
            MetricKind.Gauge => "gauge",
            _ => "histogram",
        }).Append('\n');
    }

    /// <summary>One sample line.</summary>
    public void WriteSample(string name, string labels, double value)
    {
        WriteName(name, labels);
        _text.Append(PrometheusNaming.FormatValue(value)).Append('\n');
    }

    /// <summary>One sample line with an integer value.</summary>
    public void WriteSample(string name, string labels, long value)
    {
        WriteName(name, labels);
        _text.Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    /// <summary>
    /// One histogram series: cumulative <c>_bucket</c> lines for each bound and <c>+Inf</c>, then <c>_sum</c> and
    /// <c>_count</c>. <paramref name="bucketCounts"/> holds the per-bucket (not cumulative) counts, one more than
    /// <paramref name="bounds"/> (the last is above every bound); <c>_count</c> is their total, so it always equals <c>+Inf</c>.
    /// </summary>
    public void WriteHistogram(string name, string labels, IReadOnlyList<double> bounds, ReadOnlySpan<long> bucketCounts, double sum)
    {
        if (bucketCounts.Length != bounds.Count + 1)
        {
            throw new ArgumentException("one count per bound plus one for +Inf", nameof(bucketCounts));
        }

        var bucket = name + "_bucket";
        var prefix = labels.Length == 0 ? "" : labels + ",";
        long cumulative = 0;
        for (int i = 0; i < bounds.Count; i++)
        {
            cumulative += bucketCounts[i];
            WriteSample(bucket, prefix + "le=\"" + PrometheusNaming.FormatValue(bounds[i]) + "\"", cumulative);
        }

        cumulative += bucketCounts[^1];
        WriteSample(bucket, prefix + "le=\"+Inf\"", cumulative);
        WriteSample(name + "_sum", labels, sum);
        WriteSample(name + "_count", labels, cumulative);
    }

    private void WriteName(string name, string labels)
    {
        _text.Append(name);
        if (labels.Length > 0)
        {
            _text.Append('{').Append(labels).Append('}');
        }

        _text.Append(' ');
    }
}
