using System.Net;

namespace Sfu.Server.Tests.Endpoints;

public sealed class PageEndpointsTests : IClassFixture<SfuTestHost>
{
    private readonly SfuTestHost _host;

    public PageEndpointsTests(SfuTestHost host) => _host = host;

    [Theory]
    [InlineData("/", "text/html", "<title>Sfu</title>")]
    [InlineData("/echo", "text/html", "Echo test")]
    [InlineData("/js/echo.js", "text/javascript", "RTCPeerConnection")]
    public async Task ServesEmbeddedPages(string path, string mediaType, string contains)
    {
        var response = await _host.CreateClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(contains, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/js/missing.js")]
    [InlineData("/js/..%2Fecho.html")]
    [InlineData("/js/echo.html")]
    public async Task UnknownOrUnsafeScriptsAreNotFound(string path)
    {
        var response = await _host.CreateClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
