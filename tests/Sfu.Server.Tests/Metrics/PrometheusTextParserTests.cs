namespace Sfu.Server.Tests.Metrics;

/// <summary>The test parser must reject what Prometheus rejects, or its verdict on real output is worth nothing.</summary>
public sealed class PrometheusTextParserTests
{
    private const string Valid =
        "# HELP a_total A.\n# TYPE a_total counter\na_total{k=\"v\\\"\\\\\\n\"} 3\n" +
        "# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 3.5\nh_count 2\n";

    [Fact]
    public void ReadsValidText()
    {
        var exposition = PrometheusTextParser.Parse(Valid);
        Assert.Equal(3, exposition.Value("a_total", ("k", "v\"\\\n")));
        Assert.Equal(2, exposition.Value("h_count"));
        Assert.Equal("histogram", exposition.Families["h"].Type);
    }

    [Theory]
    [InlineData("# TYPE a_total counter\na_total 1\n", "without both HELP and TYPE")]
    [InlineData("# HELP a_total A.\n# TYPE a_total counter\na_total 1\n# HELP a_total again\n", "after its samples")]
    [InlineData("# HELP g G.\n# TYPE g gauge\n# TYPE g gauge\ng 1\n", "second TYPE")]
    [InlineData("# HELP g G.\n# TYPE g gauge\ng{a.b=\"x\"} 1\n", "bad label name")]
    [InlineData("# HELP g G.\n# TYPE g gauge\ng{a=\"x\\t\"} 1\n", "bad escape")]
    [InlineData("# HELP g G.\n# TYPE g gauge\ng{a=\"x\",a=\"y\"} 1\n", "repeated")]
    [InlineData("# HELP g G.\n# TYPE g gauge\ng 1,5\n", "bad float")]
    [InlineData("# HELP g G.\n# TYPE g gauge\ng 1\ng 2\n", "repeated series")]
    [InlineData("# HELP g G.\n# TYPE g gauge\nother 1\n", "not in the family")]
    [InlineData("# HELP 1g G.\n# TYPE 1g gauge\n", "bad metric name")]
    [InlineData("# HELP a A.\n# TYPE a counter\na 1\n", "does not end in _total")]
    [InlineData("# HELP a_total A.\n# TYPE a_total counter\na_total -1\n", "counter a_total is -1")]
    [InlineData("# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n", "cumulative")]
    [InlineData("# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"2\"} 1\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n", "does not increase")]
    [InlineData("# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n", "no +Inf bucket")]
    [InlineData("# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 3\n", "is not the +Inf bucket")]
    [InlineData("# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 2\n", "no _sum")]
    [InlineData("# HELP g G.\n# TYPE g gauge\ng 1\n# HELP k K.\n# TYPE k gauge\nk 1\n# HELP g G.\n", "appears again")]
    [InlineData("# HELP g G.\n# TYPE g gauge\ng 1", "does not end with")]
    public void RejectsInvalidText(string text, string reason)
    {
        var e = Assert.Throws<FormatException>(() => PrometheusTextParser.Parse(text));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }
}
