using System.Net;
using System.Text;
using Sfu.Server.Tests.Deploy;

namespace Sfu.Server.Tests.Http;

/// <summary>Bodies are capped per request (413) and in total while being received (503), before they are read.</summary>
public sealed class BodyLimitTests : IClassFixture<SfuTestHost>
{
    private readonly SfuTestHost _host;

    public BodyLimitTests(SfuTestHost host) => _host = host;

    [Fact]
    public async Task ABodyDeclaredOverTheServersLimitIs413()
    {
        var body = new string(' ', 1024 * 1024 + 1);
        var response = await _host.CreateClient().PostAsync("/api/dev/token", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task BodiesOverTheInFlightBudgetAre503WithRetryAfterUntilOthersFinish()
    {
        using var host = new KestrelSfuHost(new Dictionary<string, string>
        {
            ["Sfu:Http:MaxRequestBodyBytes"] = "4096",
            ["Sfu:Http:MaxAdminBodyBytes"] = "4096",
            ["Sfu:Http:MaxBodyBytesInFlight"] = "8192",
        });

        // Two requests whose bodies are still arriving hold 8,000 of the 8,192 bytes.
        var slow = new List<RawHttpClient>();
        for (int i = 0; i < 2; i++)
        {
            var client = await RawHttpClient.ConnectAsync(host.Address);
            await client.SendHeadAsync("POST", "/api/echo", 4000);
            await client.SendAsync(Encoding.ASCII.GetBytes("{\"type\":"));
            slow.Add(client);
        }

        await Task.Delay(1000); // let the server take both in
        await using (var third = await RawHttpClient.ConnectAsync(host.Address))
        {
            await third.SendHeadAsync("POST", "/api/echo", 4000);
            var (status, headers) = await third.ReadResponseHeadAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(503, status);
            Assert.Equal("1", headers["retry-after"]);
        }

        // A request without a body is not held back.
        using var http = new HttpClient { BaseAddress = host.Address };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);

        foreach (var client in slow)
        {
            await client.DisposeAsync();
        }

        // Once they are gone, a body fits again.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        HttpResponseMessage response;
        do
        {
            await Task.Delay(100);
            response = await http.PostAsync("/api/echo", new StringContent("{\"type\":\"offer\"}", Encoding.UTF8, "application/json"));
        }
        while (response.StatusCode == HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode); // an offer without SDP: the endpoint ran
    }
}
