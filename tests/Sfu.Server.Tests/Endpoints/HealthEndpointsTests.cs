using System.Net;

namespace Sfu.Server.Tests.Endpoints;

public sealed class HealthEndpointsTests : IClassFixture<SfuTestHost>
{
    private readonly SfuTestHost _host;

    public HealthEndpointsTests(SfuTestHost host) => _host = host;

    [Fact]
    public async Task HealthzAnswersHealthy()
    {
        var response = await _host.CreateClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ReadyzIsReadyOnceTheMediaWorkersRun()
    {
        var response = await _host.CreateClient().GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
