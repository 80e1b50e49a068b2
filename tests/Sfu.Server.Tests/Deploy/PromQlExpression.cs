using System.Text.RegularExpressions;

namespace Sfu.Server.Tests.Deploy;

/// <summary>
/// What a PromQL expression refers to, found without a full parser: the metric names (identifiers that are not
/// functions, keywords, label names or numbers), the labels of its <c>by (...)</c> clauses, and the metrics
/// passed straight to <c>rate</c>/<c>irate</c>/<c>increase</c>.
/// </summary>
public sealed partial class PromQlExpression
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "unless", "offset", "bool", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan", "atan2",
    };

    private PromQlExpression(IReadOnlyList<string> metrics, IReadOnlyList<string> byLabels, IReadOnlyList<string> counterArguments)
    {
        Metrics = metrics;
        ByLabels = byLabels;
        CounterArguments = counterArguments;
    }

    public IReadOnlyList<string> Metrics { get; }

    public IReadOnlyList<string> ByLabels { get; }

    /// <summary>Metrics whose rate or increase is taken: they must be counters (or histogram samples).</summary>
    public IReadOnlyList<string> CounterArguments { get; }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Selectors();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)", RegexOptions.IgnoreCase)]
    private static partial Regex Groupings();

    [GeneratedRegex(@"(?<num>0x[0-9a-fA-F]+|[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?(?:ms|s|m|h|d|w|y)?)|(?<var>\$[a-zA-Z_][a-zA-Z0-9_]*)|(?<id>[a-zA-Z_:][a-zA-Z0-9_:]*)")]
    private static partial Regex Tokens();

    [GeneratedRegex(@"\b(?:rate|irate|increase)\s*\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)")]
    private static partial Regex CounterFunctions();

    public static PromQlExpression Parse(string expr)
    {
        var text = Strings().Replace(expr, " ");
        text = Selectors().Replace(text, " ");
        text = Ranges().Replace(text, " ");
        var counters = CounterFunctions().Matches(text).Select(m => m.Groups[1].Value).Distinct().ToList();
        var byLabels = new List<string>();
        text = Groupings().Replace(text, m =>
        {
            if (m.Groups[1].Value.Equals("by", StringComparison.OrdinalIgnoreCase))
            {
                byLabels.AddRange(m.Groups[2].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }

            return " ";
        });

        var metrics = new List<string>();
        foreach (Match token in Tokens().Matches(text))
        {
            if (!token.Groups["id"].Success)
            {
                continue;
            }

            var name = token.Value;
            int next = token.Index + token.Length;
            while (next < text.Length && char.IsWhiteSpace(text[next]))
            {
                next++;
            }

            bool isCall = next < text.Length && text[next] == '(';
            if (!isCall && !Keywords.Contains(name) && !metrics.Contains(name))
            {
                metrics.Add(name);
            }
        }

        return new PromQlExpression(metrics, byLabels.Distinct().ToList(), counters);
    }
}
