namespace Sfu.Server.Tests.Deploy;

public sealed class PromQlExpressionTests
{
    [Fact]
    public void FindsMetricsNotFunctionsLabelsOrNumbers()
    {
        var e = PromQlExpression.Parse(
            "histogram_quantile(0.95, sum by (le, http_route) (rate(http_server_request_duration_seconds_bucket{job=\"sfu\", instance=~\"$instance\"}[$__rate_interval])))");
        Assert.Equal(["http_server_request_duration_seconds_bucket"], e.Metrics);
        Assert.Equal(["le", "http_route"], e.ByLabels);
        Assert.Equal(["http_server_request_duration_seconds_bucket"], e.CounterArguments);
    }

    [Fact]
    public void FindsEveryMetricOfABinaryExpression()
    {
        var e = PromQlExpression.Parse("8 * sum(rate(a_total[5m])) / on (instance) group_left b_bytes offset 1h + 1e3 - time() - process_start_time_seconds and bool c");
        Assert.Equal(["a_total", "b_bytes", "process_start_time_seconds", "c"], e.Metrics);
        Assert.Equal(["a_total"], e.CounterArguments);
        Assert.Empty(e.ByLabels);
    }

    [Fact]
    public void IgnoresIdentifiersInsideStrings() =>
        Assert.Equal(["up"], PromQlExpression.Parse("up{job=\"not_a_metric\"} == 1").Metrics);
}
