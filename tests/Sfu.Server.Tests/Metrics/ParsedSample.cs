namespace Sfu.Server.Tests.Metrics;

/// <summary>One sample line: name, labels, value, and the line it came from.</summary>
public sealed record ParsedSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value, int Line)
{
    /// <summary>The labels without <c>le</c>, rendered in a canonical order: identifies a histogram series.</summary>
    public string SeriesKey(bool withoutLe = false) => string.Join(",", Labels
        .Where(l => !withoutLe || l.Key != "le")
        .OrderBy(l => l.Key, StringComparer.Ordinal)
        .Select(l => l.Key + "=" + l.Value));
}
