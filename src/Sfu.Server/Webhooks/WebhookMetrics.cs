using System.Diagnostics.Metrics;

namespace Sfu.Server.Webhooks;

/// <summary>Meter <c>Sfu.Webhooks</c>: deliveries, failures (after retries, or refused by an open circuit) and events dropped on a full queue.</summary>
public sealed class WebhookMetrics
{
    public const string MeterName = "Sfu.Webhooks";

    private readonly Counter<long> _delivered;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _dropped;

    public WebhookMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _delivered = meter.CreateCounter<long>("sfu.webhooks.delivered", "{request}", "Webhook requests a receiver accepted (2xx).");
        _failed = meter.CreateCounter<long>("sfu.webhooks.failed", "{request}", "Webhook requests given up after retries, or refused by an open circuit.");
        _dropped = meter.CreateCounter<long>("sfu.webhooks.dropped", "{event}", "Room events dropped because the webhook queue was full.");
    }

    private long _deliveredCount;
    private long _failedCount;
    private long _droppedCount;

    public long Delivered => Interlocked.Read(ref _deliveredCount);

    public long Failed => Interlocked.Read(ref _failedCount);

    public long Dropped => Interlocked.Read(ref _droppedCount);

    public void OnDelivered()
    {
        _delivered.Add(1);
        Interlocked.Increment(ref _deliveredCount);
    }

    public void OnFailed(string reason)
    {
        _failed.Add(1, new KeyValuePair<string, object?>("reason", reason));
        Interlocked.Increment(ref _failedCount);
    }

    public void OnDropped()
    {
        _dropped.Add(1);
        Interlocked.Increment(ref _droppedCount);
    }
}
