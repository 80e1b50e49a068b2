namespace Sfu.Server.Tests.Metrics;

/// <summary>A parsed and validated scrape.</summary>
public sealed class PrometheusExposition
{
    public PrometheusExposition(IReadOnlyDictionary<string, ParsedFamily> families) => Families = families;

    /// <summary>The families by name (a counter's name ends in <c>_total</c>, a histogram's has no suffix).</summary>
    public IReadOnlyDictionary<string, ParsedFamily> Families { get; }

    /// <summary>Every sample name that occurs (<c>x_bucket</c>, <c>x_sum</c>, <c>x_count</c> for a histogram).</summary>
    public IEnumerable<string> SampleNames => Families.Values.SelectMany(f => f.Samples).Select(s => s.Name).Distinct();

    /// <summary>The value of the sample with exactly these labels, or null when there is none.</summary>
    public double? Value(string sampleName, params (string Name, string Value)[] labels)
    {
        foreach (var family in Families.Values)
        {
            foreach (var sample in family.Samples)
            {
                if (sample.Name == sampleName && sample.Labels.Count == labels.Length
                    && labels.All(l => sample.Labels.TryGetValue(l.Name, out var v) && v == l.Value))
                {
                    return sample.Value;
                }
            }
        }

        return null;
    }

    /// <summary>The samples of one name.</summary>
    public IReadOnlyList<ParsedSample> Samples(string sampleName) =>
        Families.Values.SelectMany(f => f.Samples).Where(s => s.Name == sampleName).ToList();
}
