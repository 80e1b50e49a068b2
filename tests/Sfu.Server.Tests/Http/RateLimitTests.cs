using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Sfu.Server.Tests.Metrics;

namespace Sfu.Server.Tests.Http;

/// <summary>Anonymous endpoints are limited per client address: 429 with Retry-After, counted by reason.</summary>
public sealed class RateLimitTests
{
    private static WebApplicationFactory<Program> Host(params (string Key, string Value)[] settings) =>
        new SfuTestHost().WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in settings)
            {
                b.UseSetting(key, value);
            }
        });

    [Fact]
    public async Task DevTokensPastTheLimitAre429WithRetryAfter()
    {
        using var host = Host(("Sfu:RateLimits:DevToken:PermitLimit", "3"), ("Sfu:RateLimits:DevToken:WindowSeconds", "60"));
        var http = host.CreateClient();
        for (int i = 0; i < 3; i++)
        {
            var ok = await http.PostAsJsonAsync("/api/dev/token", new { room = "lobby", name = "Ada" });
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        var refused = await http.PostAsJsonAsync("/api/dev/token", new { room = "lobby", name = "Ada" });
        await AssertTooManyAsync(refused, "Sfu:RateLimits:DevToken");
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Equal(1, await RefusedAsync(http, "rate_limit_dev_token"));
    }

    [Fact]
    public async Task EchoSessionsPastTheLimitAre429WithRetryAfter()
    {
        using var host = Host(("Sfu:RateLimits:Echo:PermitLimit", "2"), ("Sfu:RateLimits:Echo:WindowSeconds", "60"));
        var http = host.CreateClient();
        for (int i = 0; i < 2; i++)
        {
            var answered = await http.PostAsJsonAsync("/api/echo", new { type = "offer", sdp = BrowserOffers.SendRecv });
            Assert.Equal(HttpStatusCode.Created, answered.StatusCode);
        }

        var refused = await http.PostAsJsonAsync("/api/echo", new { type = "offer", sdp = BrowserOffers.SendRecv });
        await AssertTooManyAsync(refused, "Sfu:RateLimits:Echo");
        Assert.Equal(1, await RefusedAsync(http, "rate_limit_echo"));

        // Ending a session is not limited.
        Assert.Equal(HttpStatusCode.NotFound, (await http.DeleteAsync("/api/echo/nosuchsession")).StatusCode);
    }

    [Fact]
    public async Task ALimitOfZeroTurnsTheLimitOff()
    {
        using var host = Host(("Sfu:RateLimits:DevToken:PermitLimit", "0"));
        var http = host.CreateClient();
        for (int i = 0; i < 40; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/api/dev/token", new { room = "lobby", name = "Ada" })).StatusCode);
        }
    }

    [Fact]
    public void ABadLimitStopsStartupNamingTheSetting()
    {
        using var host = Host(("Sfu:RateLimits:Echo:PermitLimit", "5"), ("Sfu:RateLimits:Echo:WindowSeconds", "0"));
        var e = Assert.ThrowsAny<Exception>(() => host.CreateClient());
        Assert.Contains("Sfu:RateLimits:Echo:WindowSeconds", e.ToString(), StringComparison.Ordinal);
    }

    private static async Task AssertTooManyAsync(HttpResponseMessage response, string setting)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        Assert.Contains(setting, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<double?> RefusedAsync(HttpClient http, string reason)
    {
        var scrape = PrometheusTextParser.Parse(await http.GetStringAsync("/metrics"));
        return scrape.Value("sfu_http_refused_total", ("reason", reason));
    }
}
