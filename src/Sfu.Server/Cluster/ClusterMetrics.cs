using System.Diagnostics.Metrics;

namespace Sfu.Server.Cluster;

/// <summary>
/// Meter <c>Sfu.Cluster</c>: failed cluster-store calls (after retries, or refused by the open circuit), placements by
/// outcome, and admin requests forwarded to another node.
/// </summary>
public sealed class ClusterMetrics
{
    public const string MeterName = "Sfu.Cluster";

    private static readonly KeyValuePair<string, object?> Local = new("node", "local");
    private static readonly KeyValuePair<string, object?> Remote = new("node", "remote");

    private readonly Counter<long> _storeFailures;
    private readonly Counter<long> _placements;
    private readonly Counter<long> _forwarded;
    private long _storeFailureCount;

    public ClusterMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _storeFailures = meter.CreateCounter<long>("sfu.cluster.store.failures", "{call}", "Cluster store (Redis) calls that failed after retries or were refused by the open circuit, by reason.");
        _placements = meter.CreateCounter<long>("sfu.cluster.placements", "{room}", "Rooms looked up or placed for a join or a create, by where they live (local, remote).");
        _forwarded = meter.CreateCounter<long>("sfu.cluster.admin.forwarded", "{request}", "Admin API requests forwarded to the node that hosts the room.");
    }

    /// <summary>Failed store calls so far.</summary>
    public long StoreFailures => Interlocked.Read(ref _storeFailureCount);

    public void StoreFailed(string reason)
    {
        _storeFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));
        Interlocked.Increment(ref _storeFailureCount);
    }

    public void Placed(bool remote) => _placements.Add(1, remote ? Remote : Local);

    public void Forwarded() => _forwarded.Add(1);
}
