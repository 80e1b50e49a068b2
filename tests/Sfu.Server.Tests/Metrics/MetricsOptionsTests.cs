using Microsoft.Extensions.Configuration;
using Sfu.Server.Metrics;

namespace Sfu.Server.Tests.Metrics;

public sealed class MetricsOptionsTests
{
    [Theory]
    [InlineData("Sfu.Media", true)]
    [InlineData("Sfu.Rooms.Forwarding", true)]
    [InlineData("Sfu", false)]
    [InlineData("SfuMedia", false)]
    [InlineData("System.Runtime", true)]
    [InlineData("System.Net.Http", false)]
    [InlineData("Microsoft.AspNetCore.Hosting", true)]
    [InlineData("Microsoft.AspNetCore.Routing", false)]
    public void SelectsMetersByExactNameOrPrefix(string meter, bool included) =>
        Assert.Equal(included, new MetricsOptions().IncludesMeter(meter));

    [Fact]
    public void ConfiguredMetersAreAddedToTheDefaultsAndTheLimitIsSet()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sfu:Metrics:Meters:0"] = "System.Net.Http",
            ["Sfu:Metrics:MaxSeriesPerInstrument"] = "50",
        }).Build();
        var options = configuration.GetSection("Sfu:Metrics").Get<MetricsOptions>()!;
        Assert.True(options.IncludesMeter("System.Net.Http"));
        Assert.True(options.IncludesMeter("Sfu.Media"));
        Assert.Equal(50, options.MaxSeriesPerInstrument);
    }

    [Fact]
    public void RefusesALimitBelowOne() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new MetricsOptions { MaxSeriesPerInstrument = 0 }.Validate());
}
