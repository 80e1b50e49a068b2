namespace Sfu.Server.Tests.Metrics;

/// <summary>The promtool wrapper reports problems, so a clean verdict on the real scrape means something.</summary>
public sealed class PromtoolTests
{
    [Fact]
    public async Task ReportsLintProblems()
    {
        var problems = await Promtool.CheckMetricsAsync("# HELP requests Requests.\n# TYPE requests counter\nrequests 1\n");
        Assert.Contains(problems, p => p.Contains("_total", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReportsTextItCannotParse()
    {
        var problems = await Promtool.CheckMetricsAsync("# HELP g G.\n# TYPE g gauge\ng{a=b} 1\n");
        Assert.NotEmpty(problems);
    }

    [Fact]
    public async Task AcceptsCleanText()
    {
        var problems = await Promtool.CheckMetricsAsync("# HELP sfu_up_total Things.\n# TYPE sfu_up_total counter\nsfu_up_total 1\n");
        Assert.Empty(problems);
    }
}
