using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using Sfu.Server.Auth;
using Sfu.Signaling.Events;

namespace Sfu.Server.Webhooks;

/// <summary>
/// Room events → signed JSON POSTs to <c>Sfu:Webhooks:Urls</c>. <see cref="Publish"/> only queues (a bounded
/// channel; a full queue drops and counts), so signaling and media never wait; a background loop delivers each
/// event to every receiver through a Polly pipeline per receiver: retries with exponential backoff and jitter,
/// a circuit breaker, and a timeout per attempt.
/// </summary>
public sealed partial class WebhookDispatcher : BackgroundService, IRoomEvents
{
    public const string HttpClientName = "Sfu.Webhooks";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly WebhookOptions _options;
    private readonly TokenService _tokens;
    private readonly IHttpClientFactory _http;
    private readonly WebhookMetrics _metrics;
    private readonly ILogger<WebhookDispatcher> _logger;
    private readonly Channel<RoomEvent> _queue;
    private readonly Dictionary<string, (ResiliencePipeline<HttpResponseMessage> Pipeline, CircuitBreakerStateProvider Circuit)> _receivers = new(StringComparer.Ordinal);

    public WebhookDispatcher(IOptions<WebhookOptions> options, TokenService tokens, IHttpClientFactory http, WebhookMetrics metrics, ILogger<WebhookDispatcher> logger)
    {
        _options = options.Value;
        _tokens = tokens;
        _http = http;
        _metrics = metrics;
        _logger = logger;
        _queue = Channel.CreateBounded<RoomEvent>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full: the event is dropped and counted
            SingleReader = true,
        });
        foreach (var url in _options.Urls.Distinct(StringComparer.Ordinal))
        {
            var circuit = new CircuitBreakerStateProvider();
            _receivers[url] = (BuildPipeline(circuit), circuit);
        }
    }

    /// <summary>Queues an event for delivery; never blocks.</summary>
    public void Publish(RoomEvent roomEvent)
    {
        if (_receivers.Count == 0)
        {
            return;
        }

        if (!_queue.Writer.TryWrite(roomEvent))
        {
            _metrics.OnDropped();
        }
    }

    /// <summary>The circuit state of a receiver (Closed, Open, HalfOpen), or null if it is not configured.</summary>
    public CircuitState? CircuitOf(string url) => _receivers.TryGetValue(url, out var r) ? r.Circuit.CircuitState : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var e in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                var message = WebhookMessage.From(e);
                var body = JsonSerializer.SerializeToUtf8Bytes(message, Json);
                await Task.WhenAll(_receivers.Select(r => DeliverAsync(r.Key, r.Value.Pipeline, message, body, stoppingToken)));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping: undelivered events are lost
        }
    }

    private async Task DeliverAsync(string url, ResiliencePipeline<HttpResponseMessage> pipeline, WebhookMessage message, byte[] body, CancellationToken ct)
    {
        var key = _tokens.FindKey(_options.Key);
        try
        {
            using var response = await pipeline.ExecuteAsync(
                async token =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                    if (key is not null)
                    {
                        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(key.Secret, body));
                        request.Headers.Add(WebhookSignature.KeyHeader, key.Key);
                    }

                    return await _http.CreateClient(HttpClientName).SendAsync(request, token);
                },
                ct);
            if (response.IsSuccessStatusCode)
            {
                _metrics.OnDelivered();
            }
            else
            {
                _metrics.OnFailed("http_" + ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
                LogFailed(_logger, message.Event, url, $"HTTP {(int)response.StatusCode}");
            }
        }
        catch (BrokenCircuitException)
        {
            _metrics.OnFailed("circuit_open");
            LogFailed(_logger, message.Event, url, "circuit open");
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            _metrics.OnFailed(e is HttpRequestException ? "network" : "timeout");
            LogFailed(_logger, message.Event, url, e.Message);
        }
    }

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline(CircuitBreakerStateProvider circuit)
    {
        var failure = new PredicateBuilder<HttpResponseMessage>()
            .Handle<HttpRequestException>()
            .Handle<TimeoutRejectedException>()
            .HandleResult(r => r.StatusCode == HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500);
        return new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = failure,
                MaxRetryAttempts = Math.Max(_options.MaxRetries, 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(_options.RetryDelayMilliseconds),
                OnRetry = a =>
                {
                    a.Outcome.Result?.Dispose();
                    return default;
                },
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = failure,
                FailureRatio = _options.BreakerFailureRatio,
                MinimumThroughput = _options.BreakerMinimumThroughput,
                SamplingDuration = TimeSpan.FromSeconds(Math.Max(_options.BreakerSamplingSeconds, 1)),
                BreakDuration = TimeSpan.FromSeconds(Math.Max(_options.BreakDurationSeconds, 1)),
                StateProvider = circuit,
            })
            .AddTimeout(TimeSpan.FromMilliseconds(_options.TimeoutMilliseconds))
            .Build();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Event} to {Url} not delivered: {Reason}")]
    private static partial void LogFailed(ILogger logger, string @event, string url, string reason);
}
