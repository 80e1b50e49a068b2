namespace Sfu.Server.Webhooks;

/// <summary>Webhooks (section <c>Sfu:Webhooks</c>): where room events are POSTed, and how hard delivery tries.</summary>
public sealed class WebhookOptions
{
    /// <summary>Receivers; none: no webhooks.</summary>
    public List<string> Urls { get; set; } = new();

    /// <summary>The API key whose secret signs the bodies; null: the first configured key.</summary>
    public string? Key { get; set; }

    /// <summary>Events waiting for delivery at most; more are dropped (and counted in <c>sfu.webhooks.dropped</c>).</summary>
    public int QueueCapacity { get; set; } = 1024;

    /// <summary>Timeout of one attempt (milliseconds).</summary>
    public int TimeoutMilliseconds { get; set; } = 5000;

    /// <summary>Retries after a failed attempt (a network error, a timeout, 429 or 5xx).</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>First retry delay (milliseconds); doubled on each retry, with jitter.</summary>
    public int RetryDelayMilliseconds { get; set; } = 500;

    /// <summary>The circuit of a receiver opens when this share of its attempts fail within the sampling window...</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>...and at least this many attempts were made in it.</summary>
    public int BreakerMinimumThroughput { get; set; } = 8;

    /// <summary>The sampling window (seconds).</summary>
    public int BreakerSamplingSeconds { get; set; } = 30;

    /// <summary>How long an open circuit refuses deliveries before trying again (seconds).</summary>
    public int BreakDurationSeconds { get; set; } = 30;

    public List<string> Problems()
    {
        var problems = new List<string>();
        foreach (var url in Urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps))
            {
                problems.Add($"Sfu:Webhooks:Urls: '{url}' is not an http(s) URL.");
            }
        }

        if (QueueCapacity < 1 || TimeoutMilliseconds < 1 || MaxRetries < 0 || RetryDelayMilliseconds < 1 || BreakerMinimumThroughput < 2
            || BreakerFailureRatio is <= 0 or > 1 || BreakerSamplingSeconds < 1 || BreakDurationSeconds < 1)
        {
            problems.Add("Sfu:Webhooks: QueueCapacity, TimeoutMilliseconds, RetryDelayMilliseconds, BreakerSamplingSeconds and BreakDurationSeconds must be at least 1, "
                + "MaxRetries at least 0, BreakerMinimumThroughput at least 2 and BreakerFailureRatio in (0, 1].");
        }

        return problems;
    }
}
