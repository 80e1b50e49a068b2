namespace Sfu.Server.Tests.Metrics;

/// <summary>One metric family: its HELP, TYPE and samples in order.</summary>
public sealed class ParsedFamily
{
    public ParsedFamily(string name) => Name = name;

    public string Name { get; }

    public string? Help { get; set; }

    public string? Type { get; set; }

    public List<ParsedSample> Samples { get; } = new();
}
