namespace Sfu.Signaling.Lifecycle;

/// <summary>How a node drains (configuration section <c>Sfu:Cluster</c>, shared with the cluster's own options).</summary>
public sealed class DrainOptions
{
    /// <summary>
    /// How long calls may go on after a drain began before their participants are told to move (seconds; default 30).
    /// 0 moves them at once. The node stops early when no participant is left.
    /// </summary>
    public int DrainTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Where moved participants reconnect: a node's base URL (<c>https://sfu-b.example.com</c>) or its hub URL. Empty
    /// (the default): they reconnect to the URL they came from, which behind a load balancer (or with the cluster's
    /// placement) reaches another node.
    /// </summary>
    public string? MoveTo { get; set; }

    /// <summary>How long a moved client waits before it reconnects (milliseconds; default 0).</summary>
    public int MoveRetryAfterMs { get; set; }

    /// <summary>
    /// After telling everyone to move, how long to wait for their connections to close before the host goes on stopping
    /// (so the message is delivered; seconds; default 3).
    /// </summary>
    public double MoveFlushSeconds { get; set; } = 3;

    /// <summary>Checks the values; throws with a message naming the option otherwise.</summary>
    public void Validate()
    {
        if (DrainTimeoutSeconds is < 0 or > 86_400)
        {
            throw new ArgumentOutOfRangeException(nameof(DrainTimeoutSeconds), DrainTimeoutSeconds, "Sfu:Cluster:DrainTimeoutSeconds must be 0-86400.");
        }

        if (MoveRetryAfterMs is < 0 or > 600_000)
        {
            throw new ArgumentOutOfRangeException(nameof(MoveRetryAfterMs), MoveRetryAfterMs, "Sfu:Cluster:MoveRetryAfterMs must be 0-600000.");
        }

        if (MoveFlushSeconds is < 0 or > 60)
        {
            throw new ArgumentOutOfRangeException(nameof(MoveFlushSeconds), MoveFlushSeconds, "Sfu:Cluster:MoveFlushSeconds must be 0-60.");
        }

        if (!string.IsNullOrEmpty(MoveTo)
            && (!Uri.TryCreate(MoveTo, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "ws" or "wss")))
        {
            throw new ArgumentException($"Sfu:Cluster:MoveTo must be an absolute http(s) URL, not '{MoveTo}'.", nameof(MoveTo));
        }
    }

    /// <summary>The hub URL moved clients are sent to (<see cref="MoveTo"/> with the hub's path when it has none), or null.</summary>
    public string? MoveToHubUrl(string hubPath)
    {
        if (string.IsNullOrEmpty(MoveTo))
        {
            return null;
        }

        var uri = new Uri(MoveTo, UriKind.Absolute);
        return uri.AbsolutePath is "" or "/" ? new Uri(uri, hubPath).ToString() : uri.ToString();
    }
}
