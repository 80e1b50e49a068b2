using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sfu.Server.Tests.Webhooks;

/// <summary>A webhook receiver on real Kestrel at 127.0.0.1 (OS-chosen port): records every request, answers with <see cref="Respond"/>.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<(byte[] Body, string? Signature, string? Key)> Requests { get; } = new();

    /// <summary>Status code for the n-th request (1-based); 200 by default. May wait (a slow receiver).</summary>
    public Func<int, Task<int>> Respond { get; set; } = _ => Task.FromResult(200);

    public string Url { get; private set; } = "";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext http) =>
        {
            using var copy = new MemoryStream();
            await http.Request.Body.CopyToAsync(copy);
            receiver.Requests.Enqueue((copy.ToArray(), http.Request.Headers["X-Sfu-Signature"].ToString(), http.Request.Headers["X-Sfu-Key"].ToString()));
            return Results.StatusCode(await receiver.Respond(receiver.Requests.Count));
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address + "/hook";
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
