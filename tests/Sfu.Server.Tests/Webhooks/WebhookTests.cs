using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;
using Sfu.Server.Tests.Auth;
using Sfu.Server.Tests.Hubs;
using Sfu.Server.Webhooks;
using Sfu.Signaling.Contracts;
using Sfu.Signaling.Events;

namespace Sfu.Server.Tests.Webhooks;

/// <summary>Webhooks to a local receiver: signed, retried after 5xx, cut off by the circuit breaker, dropped (and counted) on overflow.</summary>
public sealed class WebhookTests
{
    private static WebApplicationFactory<Program> Host(WebhookReceiver receiver, params (string Key, string Value)[] settings)
        => new SfuTestHost().WithWebHostBuilder(b =>
        {
            b.UseSetting("Sfu:Webhooks:Urls:0", receiver.Url);
            b.UseSetting("Sfu:Webhooks:RetryDelayMilliseconds", "10");
            foreach (var (k, v) in settings)
            {
                b.UseSetting(k, v);
            }
        });

    private static async Task<List<JsonElement>> WaitForEventsAsync(WebhookReceiver receiver, Func<List<JsonElement>, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var events = receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
            if (done(events))
            {
                return events;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Webhooks received: " + string.Join(", ", events.Select(e => e.GetProperty("event").GetString())));
            }

            await Task.Delay(20);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(what);
            }

            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task RoomAndParticipantEventsReachTheReceiverSigned()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = Host(receiver);
        await using (var client = await HubTestClient.ConnectAsync(host, TestJwt.Make(TestJwt.Claims("hooked", sub: "dana"))))
        {
            var joined = await client.JoinAsync("hooked", "Dana");
            var published = await client.PublishAsync(BrowserOffers.SendRecv, new("0", "audio", TrackSources.Microphone), new("1", "video", TrackSources.Camera));
            await client.Connection.InvokeAsync("Leave");
            var events = await WaitForEventsAsync(receiver, e => e.Count >= 8);
            Assert.Equal(
                new[]
                {
                    RoomEventTypes.RoomStarted, RoomEventTypes.ParticipantJoined, RoomEventTypes.TrackPublished, RoomEventTypes.TrackPublished,
                    RoomEventTypes.TrackUnpublished, RoomEventTypes.TrackUnpublished, RoomEventTypes.ParticipantLeft, RoomEventTypes.RoomFinished,
                },
                events.Select(e => e.GetProperty("event").GetString()).ToArray());
            var track = events[2].GetProperty("track");
            Assert.Equal(published.TrackIds["0"], track.GetProperty("id").GetString());
            Assert.Equal("audio", track.GetProperty("kind").GetString());
            Assert.Equal(published.TrackIds["1"], events[3].GetProperty("track").GetProperty("id").GetString());
            Assert.Equal("camera", events[3].GetProperty("track").GetProperty("source").GetString());
            Assert.Equal(
                published.TrackIds.Values.Order().ToArray(),
                events.Skip(4).Take(2).Select(e => e.GetProperty("track").GetProperty("id").GetString()).Order().ToArray());
            Assert.All(events, e => Assert.Equal("hooked", e.GetProperty("room").GetString()));
            var participant = events[1].GetProperty("participant");
            Assert.Equal(joined.ParticipantId, participant.GetProperty("id").GetString());
            Assert.Equal("dana", participant.GetProperty("identity").GetString());
            Assert.Equal("left", events[6].GetProperty("reason").GetString());
        }

        foreach (var (body, signature, key) in receiver.Requests)
        {
            Assert.Equal("devkey", key);
            Assert.True(WebhookSignature.Verify(TestJwt.DevSecret, body, signature));
            Assert.False(WebhookSignature.Verify("another-secret-another-secret-0123456789", body, signature));
            Assert.StartsWith("sha256=", signature, StringComparison.Ordinal);
        }

        var metrics = host.Services.GetRequiredService<WebhookMetrics>();
        Assert.Equal(8, metrics.Delivered);
        Assert.Equal(0, metrics.Failed);
    }

    [Fact]
    public async Task DeliveriesAreRetriedAfterServerErrors()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = n => Task.FromResult(n <= 2 ? 500 : 200);
        await using var host = Host(receiver);
        var dispatcher = host.Services.GetRequiredService<WebhookDispatcher>();
        dispatcher.Publish(new RoomEvent(RoomEventTypes.RoomStarted, "retry", DateTimeOffset.UtcNow));

        var metrics = host.Services.GetRequiredService<WebhookMetrics>();
        await WaitUntilAsync(() => metrics.Delivered == 1, "no delivery");
        var ids = receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("id").GetString()).ToList();
        Assert.Equal(3, ids.Count);
        Assert.Single(ids.Distinct()); // the same message, three attempts
        Assert.Equal(0, metrics.Failed);
    }

    [Fact]
    public async Task TheCircuitOpensAfterRepeatedFailuresAndStopsCallingTheReceiver()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = _ => Task.FromResult(503);
        await using var host = Host(
            receiver,
            ("Sfu:Webhooks:MaxRetries", "1"),
            ("Sfu:Webhooks:BreakerMinimumThroughput", "4"),
            ("Sfu:Webhooks:BreakerFailureRatio", "0.5"),
            ("Sfu:Webhooks:BreakDurationSeconds", "300"));
        var dispatcher = host.Services.GetRequiredService<WebhookDispatcher>();
        var metrics = host.Services.GetRequiredService<WebhookMetrics>();
        for (int i = 0; i < 6; i++)
        {
            dispatcher.Publish(new RoomEvent(RoomEventTypes.ParticipantJoined, "broken", DateTimeOffset.UtcNow, "PA_" + i));
        }

        await WaitUntilAsync(() => metrics.Failed == 6, $"failures: {metrics.Failed}");
        Assert.Equal(CircuitState.Open, dispatcher.CircuitOf(receiver.Url));

        // 4 attempts opened the circuit; everything after was refused without calling the receiver.
        Assert.Equal(4, receiver.Requests.Count);
        Assert.Equal(0, metrics.Delivered);
    }

    [Fact]
    public async Task AFullQueueDropsEventsAndCountsThemWithoutBlocking()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Respond = _ => release.Task;
        await using var host = Host(receiver, ("Sfu:Webhooks:QueueCapacity", "1"), ("Sfu:Webhooks:TimeoutMilliseconds", "30000"));
        var dispatcher = host.Services.GetRequiredService<WebhookDispatcher>();
        var metrics = host.Services.GetRequiredService<WebhookMetrics>();
        for (int i = 0; i < 6; i++)
        {
            dispatcher.Publish(new RoomEvent(RoomEventTypes.TrackPublished, "flood", DateTimeOffset.UtcNow, "PA_1", TrackId: "TR_" + i));
        }

        // At most one in flight and one queued: at least four of six were dropped.
        Assert.InRange(metrics.Dropped, 4, 5);
        release.SetResult(200);
        await WaitUntilAsync(() => metrics.Delivered == 6 - metrics.Dropped, $"delivered {metrics.Delivered}, dropped {metrics.Dropped}");
    }
}
