using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sfu.Core.Echo;
using Sfu.Core.Transport;

namespace Sfu.Server.Tests.Hosting;

public sealed class ConfigurationSetupTests
{
    [Fact]
    public void EmbeddedDefaultsApplyWithoutAnyFile()
    {
        using var host = new SfuTestHost();
        var config = host.Services.GetRequiredService<IConfiguration>();
        Assert.Equal("http://localhost:8080", config["Urls"]);
        Assert.Equal("30", config["Sfu:Media:ConsentTimeoutSeconds"]);
        Assert.Equal("Serilog.Sinks.Console", config["Serilog:Using:0"]);
    }

    [Fact]
    public void EnvironmentVariablesOverrideTheDefaultsTheAspNetWay()
    {
        // Only this test reads Sfu:Echo:MaxSessions, so the process-wide variable cannot disturb the others.
        Environment.SetEnvironmentVariable("Sfu__Echo__MaxSessions", "7");
        try
        {
            using var host = new SfuTestHost();
            Assert.Equal(7, host.Services.GetRequiredService<EchoService>().MaxSessions);
        }
        finally
        {
            Environment.SetEnvironmentVariable("Sfu__Echo__MaxSessions", null);
        }
    }

    [Fact]
    public void TestHostSettingsReachTheMediaEngine()
    {
        using var host = new SfuTestHost();
        var engine = host.Services.GetRequiredService<MediaEngine>();
        _ = host.CreateClient();
        Assert.Single(engine.Workers);
        Assert.NotEqual(40000, engine.Workers[0].LocalEndPoint.Port);
    }

    [Fact]
    public void AnOutOfRangeOptionStopsStartupWithAMessageNamingIt()
    {
        using var host = new SfuTestHost().WithWebHostBuilder(b => b.UseSetting("Sfu:Media:DtlsMtu", "90000"));
        var e = Assert.ThrowsAny<Exception>(() => host.CreateClient());
        Assert.Contains("Sfu:Media:DtlsMtu", e.ToString(), StringComparison.Ordinal);
    }
}
