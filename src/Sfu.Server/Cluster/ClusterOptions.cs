namespace Sfu.Server.Cluster;

/// <summary>
/// The cluster (section <c>Sfu:Cluster</c>). Without <see cref="Redis"/> the server is one node on its own, exactly
/// as without a cluster. With it, every node registers itself in Redis, rooms are placed on the least-loaded node,
/// and any node redirects a Join to the room's node (docs/architecture.md, "The cluster").
/// </summary>
public sealed class ClusterOptions
{
    /// <summary>The Redis connection (StackExchange.Redis syntax, e.g. <c>127.0.0.1:6379</c>); empty: no cluster.</summary>
    public string? Redis { get; set; }

    /// <summary>This node's id in the registry; empty: the host name and a random suffix, new at each start.</summary>
    public string? NodeId { get; set; }

    /// <summary>
    /// The base URL other nodes and clients reach this node at (scheme, host, port: <c>https://sfu-2.example.com</c>);
    /// empty: the first address Kestrel listens on (a wildcard host is replaced by the machine's name).
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>Participants this node takes at most before placement passes it over for new rooms.</summary>
    public int MaxParticipants { get; set; } = 1000;

    /// <summary>How often the node writes its registry entry and refreshes its rooms' ownership (milliseconds).</summary>
    public int HeartbeatMilliseconds { get; set; } = 2000;

    /// <summary>Lifetime of a registry entry not refreshed (milliseconds): a node silent this long is gone.</summary>
    public int NodeTtlMilliseconds { get; set; } = 6000;

    /// <summary>Lifetime of a room's ownership not refreshed by its owner (milliseconds).</summary>
    public int RoomTtlMilliseconds { get; set; } = 30000;

    /// <summary>Prefix of every Redis key the cluster uses, so several clusters may share one Redis.</summary>
    public string KeyPrefix { get; set; } = "sfu:";

    /// <summary>Time one Redis call may take before it counts as failed (milliseconds).</summary>
    public int OperationTimeoutMilliseconds { get; set; } = 1000;

    /// <summary>Time an admin request forwarded to the room's node may take (milliseconds).</summary>
    public int ForwardTimeoutMilliseconds { get; set; } = 5000;

    /// <summary>True when a Redis connection is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Redis);

    /// <summary>Every problem of this configuration, in words an operator can act on; empty when it is usable.</summary>
    public List<string> Problems()
    {
        var problems = new List<string>();
        if (!Enabled)
        {
            return problems;
        }

        if (!string.IsNullOrEmpty(PublicUrl) && (!Uri.TryCreate(PublicUrl, UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps)))
        {
            problems.Add($"Sfu:Cluster:PublicUrl '{PublicUrl}' is not an absolute http(s) URL.");
        }

        if (MaxParticipants < 1)
        {
            problems.Add("Sfu:Cluster:MaxParticipants must be at least 1.");
        }

        if (HeartbeatMilliseconds < 50 || NodeTtlMilliseconds < 2 * HeartbeatMilliseconds || RoomTtlMilliseconds < 2 * HeartbeatMilliseconds)
        {
            problems.Add("Sfu:Cluster: HeartbeatMilliseconds must be at least 50, and NodeTtlMilliseconds and RoomTtlMilliseconds at least twice it.");
        }

        if (OperationTimeoutMilliseconds < 10 || ForwardTimeoutMilliseconds < 10)
        {
            problems.Add("Sfu:Cluster: OperationTimeoutMilliseconds and ForwardTimeoutMilliseconds must be at least 10.");
        }

        if (NodeId is { Length: > 0 } id && (id.Length > 64 || id.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))))
        {
            problems.Add("Sfu:Cluster:NodeId may hold only letters, digits, '-', '_' and '.', at most 64 of them.");
        }

        return problems;
    }
}
