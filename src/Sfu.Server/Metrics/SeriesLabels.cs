namespace Sfu.Server.Metrics;

/// <summary>
/// The Prometheus labels of one tag set: label names sorted ordinally with their values, and a key that is the
/// same for every tag set rendering to the same labels (say the int 200 and the string "200").
/// </summary>
internal sealed class SeriesLabels
{
    private SeriesLabels(string key, string[] names, string[] values)
    {
        Key = key;
        Names = names;
        Values = values;
    }

    /// <summary>Identifies the label set: names and values, in order.</summary>
    public string Key { get; }

    /// <summary>Label names, sorted ordinally.</summary>
    public string[] Names { get; }

    /// <summary>The value of each name.</summary>
    public string[] Values { get; }

    /// <summary>The label names of the set, joined (identifies the prometheus-net collector the series belongs to).</summary>
    public string NamesKey => string.Join('\u0001', Names);

    /// <summary>
    /// Renders a tag set. Keys become label names (<see cref="PrometheusNaming.LabelName"/>); a histogram's tag named
    /// <c>le</c>, which its buckets use, becomes <c>tag_le</c>; of two keys with the same label name the first wins.
    /// </summary>
    public static SeriesLabels From(ReadOnlySpan<KeyValuePair<string, object?>> tags, bool isHistogram)
    {
        var labels = new List<KeyValuePair<string, string>>(tags.Length);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            var name = PrometheusNaming.LabelName(tag.Key ?? "");
            if (isHistogram && name == "le")
            {
                name = "tag_le";
            }

            if (names.Add(name))
            {
                labels.Add(new KeyValuePair<string, string>(name, PrometheusNaming.TagValueText(tag.Value)));
            }
        }

        labels.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var sortedNames = labels.Select(l => l.Key).ToArray();
        var values = labels.Select(l => l.Value).ToArray();
        var key = string.Join('\u0001', labels.Select(l => l.Key + "\u0002" + l.Value));
        return new SeriesLabels(key, sortedNames, values);
    }
}
