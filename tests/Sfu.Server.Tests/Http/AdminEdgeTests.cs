using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Sfu.Server.Tests.Auth;
using Sfu.Server.Tests.Deploy;

namespace Sfu.Server.Tests.Http;

/// <summary>The admin API refuses before it reads: credentials first, then the body's size.</summary>
public sealed class AdminEdgeTests : IClassFixture<SfuTestHost>
{
    private const long HugeBody = 25L * 1024 * 1024;
    private readonly SfuTestHost _host;

    public AdminEdgeTests(SfuTestHost host) => _host = host;

    private static string BasicCredentials => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestJwt.DevKey}:{TestJwt.DevSecret}"));

    [Fact]
    public async Task ABrokenBodyWithoutCredentialsIs401NotABindingError()
    {
        var response = await _host.CreateClient().PostAsync("/api/rooms", new StringContent("{not json", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Basic", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain")] // routing alone would answer 415
    [InlineData("application/json")]
    public async Task AnyAdminRequestWithoutCredentialsIs401(string contentType)
    {
        var response = await _host.CreateClient().PatchAsync("/api/rooms/lobby", new StringContent("{}", Encoding.UTF8, contentType));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.CreateClient().PutAsync("/api/rooms", new StringContent("{}"))).StatusCode);
    }

    [Fact]
    public async Task AnUnauthenticatedRequestIsAnsweredBeforeItsBodyArrives()
    {
        using var host = new KestrelSfuHost();
        await using var client = await RawHttpClient.ConnectAsync(host.Address);
        await client.SendHeadAsync("PATCH", "/api/rooms/lobby", HugeBody);
        await client.SendAsync(Encoding.ASCII.GetBytes("{\"metadata\":\"" + new string('a', 1000)));

        // 1 KB of 25 MB sent: an answer now means the server did not wait for (read) the body.
        var (status, headers) = await client.ReadResponseHeadAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(401, status);
        Assert.Equal("close", headers["connection"]);
    }

    [Fact]
    public async Task TenConcurrentHugeUnauthenticatedBodiesDoNotGrowTheServersMemory()
    {
        using var host = new KestrelSfuHost();
        using var warm = new HttpClient { BaseAddress = host.Address };
        Assert.Equal(HttpStatusCode.Unauthorized, (await warm.PatchAsync("/api/rooms/lobby", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode);

        using var process = Process.GetCurrentProcess();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        process.Refresh();
        long baseline = process.WorkingSet64;
        long peak = baseline;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(20);
            }
        });

        // One shared chunk: the senders themselves allocate nothing per byte sent.
        var chunk = Encoding.ASCII.GetBytes(new string('a', 64 * 1024));
        var statuses = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            await using var client = await RawHttpClient.ConnectAsync(host.Address);
            await client.SendHeadAsync("PATCH", "/api/rooms/lobby", HugeBody);
            var answer = client.ReadResponseHeadAsync(TimeSpan.FromSeconds(60));
            await client.SendAsync(Encoding.ASCII.GetBytes("{\"metadata\":\""));
            await client.SendRepeatedAsync(chunk, HugeBody - 15);
            await client.SendAsync(Encoding.ASCII.GetBytes("\"}")).ContinueWith(_ => { }, TaskScheduler.Default);
            return (await answer).Status;
        }));

        await Task.Delay(500);
        sampling.Cancel();
        await sampler;
        Assert.All(statuses, s => Assert.Equal(401, s));
        long growthMb = (peak - baseline) / (1024 * 1024);
        Assert.True(growthMb < 50, $"the working set grew by {growthMb} MB (from {baseline / (1024 * 1024)} MB) under ten unauthenticated 25 MB bodies");
    }

    [Fact]
    public async Task AnAuthenticatedAdminBodyOverTheLimitIs413WithoutBeingRead()
    {
        var http = _host.CreateClient();
        http.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(BasicCredentials);
        var body = "{\"name\":\"big\",\"metadata\":\"" + new string('m', 70 * 1024) + "\"}";
        var response = await http.PostAsync("/api/rooms", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("at most 65536", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAuthenticatedChunkedAdminBodyOverTheLimitIs413()
    {
        using var host = new KestrelSfuHost();
        using var http = new HttpClient { BaseAddress = host.Address };
        http.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(BasicCredentials);
        var body = "{\"name\":\"big\",\"metadata\":\"" + new string('m', 70 * 1024) + "\"}";
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body))); // no length: sent chunked
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await http.PostAsync("/api/rooms", content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
