using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Sfu.Server.Tests.Metrics;

/// <summary>
/// A strict parser of the Prometheus text exposition format 0.0.4, written for these tests. It checks every line
/// and throws <see cref="FormatException"/> naming the line: HELP and TYPE at most once per family and before its
/// samples, every sample in a family that has both, families contiguous, metric and label name syntax, label value
/// escapes, no repeated label or series, float values, counters named <c>_total</c> and not negative, and for each
/// histogram series: <c>le</c> bounds increasing, cumulative counts not decreasing, <c>+Inf</c> last and equal to
/// <c>_count</c>, a <c>_sum</c>.
/// </summary>
public static partial class PrometheusTextParser
{
    private static readonly HashSet<string> Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricNameRegex();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelNameRegex();

    [GeneratedRegex(@"^[+-]?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|Inf|NaN)$")]
    private static partial Regex FloatRegex();

    public static bool IsMetricName(string name) => MetricNameRegex().IsMatch(name);

    /// <param name="text">The exposition.</param>
    /// <param name="countMayTrailBuckets">
    /// Accept a histogram whose <c>_count</c> differs from its <c>+Inf</c> bucket, as prometheus-net writes when
    /// observations land while it serializes (it sums the buckets for <c>_count</c> a moment before writing them).
    /// </param>
    public static PrometheusExposition Parse(string text, bool countMayTrailBuckets = false)
    {
        if (text.Contains('\r', StringComparison.Ordinal))
        {
            throw new FormatException("carriage return in the exposition (lines end with \\n only)");
        }

        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new FormatException("the last line does not end with \\n");
        }

        var families = new Dictionary<string, ParsedFamily>(StringComparer.Ordinal);
        var series = new HashSet<string>(StringComparer.Ordinal);
        ParsedFamily? current = null;
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length - 1; i++)
        {
            int lineNumber = i + 1;
            var line = lines[i];
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] == '#')
            {
                var parts = line.Split(' ', 4);
                if (parts.Length >= 3 && (parts[1] == "HELP" || parts[1] == "TYPE"))
                {
                    var family = Enter(parts[2], lineNumber);
                    if (family.Samples.Count > 0)
                    {
                        throw Error(lineNumber, $"{parts[1]} of {family.Name} after its samples");
                    }

                    if (parts[1] == "HELP")
                    {
                        if (family.Help is not null)
                        {
                            throw Error(lineNumber, $"second HELP for {family.Name}");
                        }

                        family.Help = UnescapeHelp(parts.Length == 4 ? parts[3] : "", lineNumber);
                    }
                    else
                    {
                        if (family.Type is not null)
                        {
                            throw Error(lineNumber, $"second TYPE for {family.Name}");
                        }

                        if (parts.Length != 4 || !Types.Contains(parts[3]))
                        {
                            throw Error(lineNumber, $"bad TYPE line: {line}");
                        }

                        family.Type = parts[3];
                    }
                }

                continue;
            }

            var sample = ParseSample(line, lineNumber);
            if (current is null || !BelongsTo(current, sample.Name))
            {
                throw Error(lineNumber, $"sample {sample.Name} is not in the family whose HELP/TYPE came last ({current?.Name ?? "none"})");
            }

            if (current.Help is null || current.Type is null)
            {
                throw Error(lineNumber, $"family {current.Name} has samples without both HELP and TYPE");
            }

            if (!series.Add(sample.Name + "{" + sample.SeriesKey() + "}"))
            {
                throw Error(lineNumber, $"repeated series {sample.Name}{{{sample.SeriesKey()}}}");
            }

            if (sample.Labels.ContainsKey("le") != (current.Type == "histogram" && sample.Name == current.Name + "_bucket"))
            {
                throw Error(lineNumber, "le belongs to histogram buckets only, and every bucket has it");
            }

            if (current.Type == "counter" && (double.IsNaN(sample.Value) || sample.Value < 0))
            {
                throw Error(lineNumber, $"counter {sample.Name} is {sample.Value}");
            }

            current.Samples.Add(sample);
        }

        foreach (var family in families.Values)
        {
            if (family.Type == "counter" && !family.Name.EndsWith("_total", StringComparison.Ordinal))
            {
                throw new FormatException($"counter {family.Name} does not end in _total");
            }

            if (family.Type == "histogram")
            {
                CheckHistogram(family, countMayTrailBuckets);
            }
        }

        return new PrometheusExposition(families);

        ParsedFamily Enter(string name, int lineNumber)
        {
            if (!MetricNameRegex().IsMatch(name))
            {
                throw Error(lineNumber, $"bad metric name '{name}'");
            }

            if (current is not null && current.Name == name)
            {
                return current;
            }

            if (families.ContainsKey(name))
            {
                throw Error(lineNumber, $"family {name} appears again after another family");
            }

            current = new ParsedFamily(name);
            families.Add(name, current);
            return current;
        }
    }

    private static bool BelongsTo(ParsedFamily family, string sampleName) => family.Type switch
    {
        "histogram" => sampleName == family.Name + "_bucket" || sampleName == family.Name + "_sum" || sampleName == family.Name + "_count",
        "summary" => sampleName == family.Name || sampleName == family.Name + "_sum" || sampleName == family.Name + "_count",
        _ => sampleName == family.Name,
    };

    private static void CheckHistogram(ParsedFamily family, bool countMayTrailBuckets)
    {
        var bySeries = family.Samples.GroupBy(s => s.SeriesKey(withoutLe: true));
        foreach (var group in bySeries)
        {
            var buckets = group.Where(s => s.Name.EndsWith("_bucket", StringComparison.Ordinal)).ToList();
            var sum = group.SingleOrDefault(s => s.Name == family.Name + "_sum")
                ?? throw new FormatException($"{family.Name}{{{group.Key}}} has no _sum");
            var count = group.SingleOrDefault(s => s.Name == family.Name + "_count")
                ?? throw new FormatException($"{family.Name}{{{group.Key}}} has no _count");
            if (buckets.Count == 0)
            {
                throw new FormatException($"{family.Name}{{{group.Key}}} has no buckets");
            }

            double previousBound = double.NegativeInfinity;
            double previousCount = 0;
            foreach (var bucket in buckets)
            {
                var le = ParseFloat(bucket.Labels["le"], bucket.Line);
                if (!(le > previousBound))
                {
                    throw Error(bucket.Line, $"le={bucket.Labels["le"]} does not increase");
                }

                if (bucket.Value < previousCount)
                {
                    throw Error(bucket.Line, $"bucket le={bucket.Labels["le"]} count {bucket.Value} is below the previous {previousCount} (buckets are cumulative)");
                }

                previousBound = le;
                previousCount = bucket.Value;
            }

            if (!double.IsPositiveInfinity(previousBound))
            {
                throw new FormatException($"{family.Name}{{{group.Key}}} has no +Inf bucket last");
            }

            if (count.Value != previousCount && !countMayTrailBuckets)
            {
                throw Error(count.Line, $"_count {count.Value} is not the +Inf bucket {previousCount}");
            }

            if (double.IsNaN(sum.Value))
            {
                throw Error(sum.Line, "_sum is NaN");
            }
        }
    }

    private static ParsedSample ParseSample(string line, int lineNumber)
    {
        int i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ')
        {
            i++;
        }

        var name = line[..i];
        if (!MetricNameRegex().IsMatch(name))
        {
            throw Error(lineNumber, $"bad metric name '{name}'");
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (true)
            {
                if (i < line.Length && line[i] == '}')
                {
                    i++;
                    break;
                }

                int nameStart = i;
                while (i < line.Length && line[i] != '=')
                {
                    i++;
                }

                var labelName = line[nameStart..i];
                if (!LabelNameRegex().IsMatch(labelName) || labelName.StartsWith("__", StringComparison.Ordinal))
                {
                    throw Error(lineNumber, $"bad label name '{labelName}'");
                }

                if (i + 1 >= line.Length || line[i + 1] != '"')
                {
                    throw Error(lineNumber, $"label {labelName} has no quoted value");
                }

                i += 2;
                var value = new StringBuilder();
                while (true)
                {
                    if (i >= line.Length)
                    {
                        throw Error(lineNumber, $"unterminated value of label {labelName}");
                    }

                    char c = line[i++];
                    if (c == '"')
                    {
                        break;
                    }

                    if (c == '\\')
                    {
                        if (i >= line.Length)
                        {
                            throw Error(lineNumber, "dangling backslash");
                        }

                        char e = line[i++];
                        value.Append(e switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            _ => throw Error(lineNumber, $"bad escape \\{e} in label {labelName}"),
                        });
                    }
                    else
                    {
                        value.Append(c);
                    }
                }

                if (!labels.TryAdd(labelName, value.ToString()))
                {
                    throw Error(lineNumber, $"label {labelName} repeated");
                }

                if (i < line.Length && line[i] == ',')
                {
                    i++;
                }
                else if (i >= line.Length || line[i] != '}')
                {
                    throw Error(lineNumber, "labels not separated by a comma");
                }
            }
        }

        if (i >= line.Length || line[i] != ' ')
        {
            throw Error(lineNumber, "no space before the value");
        }

        var rest = line[(i + 1)..].Split(' ');
        if (rest.Length is < 1 or > 2)
        {
            throw Error(lineNumber, $"expected a value and an optional timestamp: '{line[(i + 1)..]}'");
        }

        double parsed = ParseFloat(rest[0], lineNumber);
        if (rest.Length == 2 && !long.TryParse(rest[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            throw Error(lineNumber, $"bad timestamp '{rest[1]}'");
        }

        return new ParsedSample(name, labels, parsed, lineNumber);
    }

    private static double ParseFloat(string text, int lineNumber)
    {
        if (!FloatRegex().IsMatch(text))
        {
            throw Error(lineNumber, $"bad float '{text}'");
        }

        return text switch
        {
            "+Inf" or "Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" or "+NaN" or "-NaN" => double.NaN,
            _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
    }

    private static string UnescapeHelp(string text, int lineNumber)
    {
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                sb.Append(text[i]);
                continue;
            }

            if (++i >= text.Length)
            {
                throw Error(lineNumber, "dangling backslash in HELP");
            }

            sb.Append(text[i] switch
            {
                '\\' => '\\',
                'n' => '\n',
                _ => throw Error(lineNumber, $"bad escape \\{text[i]} in HELP"),
            });
        }

        return sb.ToString();
    }

    private static FormatException Error(int line, string message) => new($"line {line}: {message}");
}
