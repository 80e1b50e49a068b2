using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Sfu.Server.Tests.Endpoints;

public sealed class EchoEndpointsTests : IClassFixture<SfuTestHost>
{
    private readonly SfuTestHost _host;

    public EchoEndpointsTests(SfuTestHost host) => _host = host;

    [Fact]
    public async Task AnswersABrowserOfferWithAnIceLiteAnswer()
    {
        var offer = BrowserOffers.SendRecv;
        var response = await _host.CreateClient().PostAsJsonAsync("/api/echo", new { type = "offer", sdp = offer });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var sdp = body.GetProperty("sdp").GetString()!;
        Assert.Equal("answer", body.GetProperty("type").GetString());
        Assert.Contains("a=ice-lite", sdp, StringComparison.Ordinal);
        Assert.Contains("a=setup:passive", sdp, StringComparison.Ordinal);
        Assert.Contains("a=sendrecv", sdp, StringComparison.Ordinal);
        Assert.Contains("a=candidate:", sdp, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", sdp, StringComparison.Ordinal);

        var id = body.GetProperty("sessionId").GetString();
        var delete = await _host.CreateClient().DeleteAsync($"/api/echo/{id}");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
    }

    [Theory]
    [InlineData("{\"type\":\"offer\",\"sdp\":\"this is not sdp\"}", HttpStatusCode.BadRequest, "not valid SDP")]
    [InlineData("{\"type\":\"answer\",\"sdp\":\"v=0\"}", HttpStatusCode.BadRequest, "answers offers")]
    [InlineData("{\"type\":\"offer\"}", HttpStatusCode.BadRequest, "SDP offer")]
    [InlineData("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\n\"}", HttpStatusCode.BadRequest, "fingerprint")]
    public async Task RefusesBadOffersWithProblemDetails(string json, HttpStatusCode status, string detailContains)
    {
        var response = await _host.CreateClient().PostAsync("/api/echo", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detailContains, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusesMalformedJson()
    {
        var response = await _host.CreateClient().PostAsync("/api/echo", new StringContent("{not json", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task RefusesHugeOffers()
    {
        var response = await _host.CreateClient().PostAsJsonAsync("/api/echo", new { type = "offer", sdp = new string('a', 100_000) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task DeletingAnUnknownSessionIsNotFound()
    {
        var response = await _host.CreateClient().DeleteAsync("/api/echo/nosuchsession");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
