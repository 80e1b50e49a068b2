using Sfu.Load.Reporting;

namespace Sfu.Load.Tests.Reporting;

/// <summary>Reading the allocation counter out of the server's Prometheus text.</summary>
public sealed class ServerMetricsReaderTests
{
    [Fact]
    public void TheCounterIsFoundWithOrWithoutLabelsAndItsPrefixesAreNot()
    {
        const string text = """
            # HELP dotnet_gc_heap_total_allocated_bytes_total The approximate number of bytes allocated.
            # TYPE dotnet_gc_heap_total_allocated_bytes_total counter
            dotnet_gc_heap_total_allocated_bytes_total_other 1
            dotnet_gc_heap_total_allocated_bytes_total 123456789
            """;
        Assert.Equal(123_456_789L, ServerMetricsReader.TryParse(text, ServerMetricsReader.AllocatedBytesMetric));
        Assert.Equal(5_000_000_000L, ServerMetricsReader.TryParse("x{a=\"b\"} 5e9 1700000000000\n", "x"));
        Assert.Null(ServerMetricsReader.TryParse("y 1\n", "x"));
    }
}
