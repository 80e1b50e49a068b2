using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using Sfu.Core.Diagnostics;
using Sfu.Signaling.Cluster;
using StackExchange.Redis;

namespace Sfu.Server.Cluster;

/// <summary>
/// The cluster's state in Redis, behind one Polly pipeline per call: a short timeout per attempt, two quick retries,
/// and a circuit breaker that fails calls at once while Redis is gone (and lets one through now and then to see whether
/// it is back). Every failure surfaces as <see cref="ClusterStoreUnavailableException"/>, counted and logged
/// (rate-limited). Keys, under <see cref="ClusterOptions.KeyPrefix"/>: <c>node:{id}</c> (registry entry, TTL),
/// <c>nodes</c> (set of ids seen), <c>node-rooms</c> (hash id → rooms, bumped when a room is placed),
/// <c>pending:{id}</c> (rooms placed on the node since its last heartbeat), <c>room:{name}</c> (owner id, TTL
/// refreshed by the owner).
/// </summary>
public sealed partial class RedisClusterStore : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ClusterOptions _options;
    private readonly ClusterMetrics _metrics;
    private readonly ILogger<RedisClusterStore> _logger;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline _pipeline;
    private readonly LogWindow _failureWindow = new();
    private readonly string _nodesKey;
    private readonly string _nodeRoomsKey;
    private ConnectionMultiplexer? _connection;

    public RedisClusterStore(IOptions<ClusterOptions> options, ClusterMetrics metrics, ILogger<RedisClusterStore> logger, TimeProvider time)
    {
        _options = options.Value;
        _metrics = metrics;
        _logger = logger;
        _time = time;
        _nodesKey = _options.KeyPrefix + "nodes";
        _nodeRoomsKey = _options.KeyPrefix + "node-rooms";
        _pipeline = BuildPipeline(_options.OperationTimeoutMilliseconds, time);
    }

    /// <summary>The Redis key of a room's owner.</summary>
    public string RoomKey(string room) => _options.KeyPrefix + "room:" + room;

    /// <summary>The Redis key of the rooms other nodes placed on a node since its last heartbeat.</summary>
    private string PendingKey(string nodeId) => _options.KeyPrefix + "pending:" + nodeId;

    /// <summary>The Redis key of a node's registry entry.</summary>
    public string NodeKey(string nodeId) => _options.KeyPrefix + "node:" + nodeId;

    /// <summary>
    /// Starts connecting. Never fails for an unreachable Redis: the connection keeps trying in the background, and calls
    /// fail with <see cref="ClusterStoreUnavailableException"/> until it is up.
    /// </summary>
    public async Task ConnectAsync()
    {
        var config = ConfigurationOptions.Parse(_options.Redis!);
        config.AbortOnConnectFail = false;
        config.ConnectTimeout = Math.Max(_options.OperationTimeoutMilliseconds, 500);
        config.AsyncTimeout = _options.OperationTimeoutMilliseconds;
        config.SyncTimeout = _options.OperationTimeoutMilliseconds;
        config.ReconnectRetryPolicy = new LinearRetry(500);
        config.BacklogPolicy = BacklogPolicy.FailFast; // while disconnected, calls fail now instead of queueing
        config.ClientName ??= "sfu";
        _connection = await ConnectionMultiplexer.ConnectAsync(config);
    }

    /// <summary>
    /// Writes this node's registry entry (with its TTL) and its room count; returns the rooms other nodes placed on
    /// this one since its last write (it owns them now, and should keep them while they open).
    /// </summary>
    public Task<List<string>> WriteNodeAsync(NodeEntry entry, CancellationToken cancellationToken = default)
        => RunAsync(async db =>
        {
            var result = await db.ScriptEvaluateAsync(
                RedisScripts.Beat,
                [NodeKey(entry.Id), _nodesKey, _nodeRoomsKey, PendingKey(entry.Id)],
                [entry.Id, JsonSerializer.Serialize(entry, Json), _options.NodeTtlMilliseconds, entry.Rooms]);
            int prefix = RoomKey(string.Empty).Length;
            return ((RedisResult[])result!).Select(k => ((string)k!)[prefix..]).ToList();
        }, "write_node", cancellationToken);

    /// <summary>Removes this node's registry entry (a clean stop): placement stops choosing it at once.</summary>
    public Task RemoveNodeAsync(string nodeId, CancellationToken cancellationToken = default)
        => RunAsync(async db =>
        {
            await db.KeyDeleteAsync(NodeKey(nodeId));
            await db.SetRemoveAsync(_nodesKey, nodeId);
            await db.HashDeleteAsync(_nodeRoomsKey, nodeId);
            await db.KeyDeleteAsync(PendingKey(nodeId));
            return true;
        }, "remove_node", cancellationToken);

    /// <summary>
    /// The live nodes (entries not expired), with their room counts brought up to date by placements since they last
    /// wrote. Ids whose entry expired are forgotten.
    /// </summary>
    public Task<List<NodeEntry>> ListNodesAsync(CancellationToken cancellationToken = default)
        => RunAsync(async db =>
        {
            var ids = await db.SetMembersAsync(_nodesKey);
            var nodes = new List<NodeEntry>(ids.Length);
            if (ids.Length == 0)
            {
                return nodes;
            }

            var keys = ids.Select(id => (RedisKey)NodeKey(id!)).ToArray();
            var values = await db.StringGetAsync(keys);
            var placed = (await db.HashGetAllAsync(_nodeRoomsKey)).ToDictionary(e => (string)e.Name!, e => (int)e.Value, StringComparer.Ordinal);
            var gone = new List<RedisValue>();
            for (int i = 0; i < ids.Length; i++)
            {
                if (values[i].IsNull || Parse(values[i]!) is not { } entry)
                {
                    gone.Add(ids[i]);
                    continue;
                }

                nodes.Add(placed.TryGetValue(entry.Id, out int rooms) && rooms > entry.Rooms ? entry with { Rooms = rooms } : entry);
            }

            if (gone.Count > 0)
            {
                await db.SetRemoveAsync(_nodesKey, gone.ToArray());
                await db.HashDeleteAsync(_nodeRoomsKey, gone.ToArray());
            }

            return nodes;
        }, "list_nodes", cancellationToken);

    /// <summary>A node's registry entry, or null when it is not alive.</summary>
    public Task<NodeEntry?> GetNodeAsync(string nodeId, CancellationToken cancellationToken = default)
        => RunAsync(async db => await db.StringGetAsync(NodeKey(nodeId)) is { IsNull: false } v ? Parse(v!) : null, "get_node", cancellationToken);

    /// <summary>
    /// Makes <paramref name="candidate"/> the owner of <paramref name="room"/> unless a live node owns it already;
    /// returns the owner. Atomic: of two nodes placing one room at once, both get the same answer.
    /// </summary>
    public Task<string> ClaimRoomAsync(string room, string candidate, CancellationToken cancellationToken = default)
        => RunAsync(async db =>
        {
            var result = await db.ScriptEvaluateAsync(
                RedisScripts.Claim,
                [RoomKey(room), _nodeRoomsKey],
                [candidate, _options.RoomTtlMilliseconds, _options.KeyPrefix + "node:", _options.KeyPrefix + "pending:"]);
            return (string)result!;
        }, "claim_room", cancellationToken);

    /// <summary>The owner of <paramref name="room"/> (alive or not), or null when nobody owns it.</summary>
    public Task<string?> GetRoomOwnerAsync(string room, CancellationToken cancellationToken = default)
        => RunAsync(async db => (string?)await db.StringGetAsync(RoomKey(room)), "get_owner", cancellationToken);

    /// <summary>
    /// Extends <paramref name="nodeId"/>'s ownership of <paramref name="rooms"/> (taking those nobody owns); returns the
    /// rooms another node owns.
    /// </summary>
    public Task<List<string>> RefreshRoomsAsync(string nodeId, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken = default)
        => RunAsync(async db =>
        {
            var conflicts = new List<string>();
            if (rooms.Count == 0)
            {
                return conflicts;
            }

            var result = await db.ScriptEvaluateAsync(RedisScripts.Refresh, rooms.Select(r => (RedisKey)RoomKey(r)).ToArray(), [nodeId, _options.RoomTtlMilliseconds]);
            int prefix = RoomKey(string.Empty).Length;
            foreach (var key in (RedisResult[])result!)
            {
                conflicts.Add(((string)key!)[prefix..]);
            }

            return conflicts;
        }, "refresh_rooms", cancellationToken);

    /// <summary>Gives up <paramref name="nodeId"/>'s ownership of <paramref name="rooms"/> (those it still owns).</summary>
    public Task<int> ReleaseRoomsAsync(string nodeId, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken = default)
        => RunAsync(async db => rooms.Count == 0
            ? 0
            : (int)await db.ScriptEvaluateAsync(RedisScripts.Release, rooms.Select(r => (RedisKey)RoomKey(r)).ToArray(), [nodeId]),
            "release_rooms", cancellationToken);

    /// <summary>Every owned room and its owner (by SCAN: it does not block Redis).</summary>
    public Task<Dictionary<string, string>> ListRoomOwnersAsync(CancellationToken cancellationToken = default)
        => RunAsync(async db =>
        {
            var pattern = RoomKey("*");
            int prefix = RoomKey(string.Empty).Length;
            var keys = new List<RedisKey>();
            long cursor = 0;
            do
            {
                var reply = (RedisResult[])(await db.ExecuteAsync("SCAN", cursor, "MATCH", pattern, "COUNT", 500))!;
                cursor = long.Parse((string)reply[0]!, System.Globalization.CultureInfo.InvariantCulture);
                keys.AddRange(((RedisResult[])reply[1]!).Select(k => (RedisKey)(string)k!));
            }
            while (cursor != 0);

            var owners = new Dictionary<string, string>(StringComparer.Ordinal);
            if (keys.Count == 0)
            {
                return owners;
            }

            var values = await db.StringGetAsync(keys.ToArray());
            for (int i = 0; i < keys.Count; i++)
            {
                if (!values[i].IsNull)
                {
                    owners[((string)keys[i]!)[prefix..]] = (string)values[i]!;
                }
            }

            return owners;
        }, "list_rooms", cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    private static NodeEntry? Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<NodeEntry>(json, Json);
        }
        catch (JsonException)
        {
            return null; // not ours (another version, or garbage): treated as absent
        }
    }

    private async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> call, string operation, CancellationToken cancellationToken)
    {
        var connection = _connection;
        if (connection is null)
        {
            Failed(operation, "not_connected", null);
            throw new ClusterStoreUnavailableException();
        }

        try
        {
            return await _pipeline.ExecuteAsync(
                static async (state, token) => await state.call(state.db).WaitAsync(token),
                (call, db: connection.GetDatabase()),
                cancellationToken);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or TimeoutRejectedException or BrokenCircuitException or ObjectDisposedException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Failed(operation, e is BrokenCircuitException ? "circuit_open" : e is TimeoutException or TimeoutRejectedException or OperationCanceledException ? "timeout" : "error", e);
            throw new ClusterStoreUnavailableException(e);
        }
    }

    private void Failed(string operation, string reason, Exception? e)
    {
        _metrics.StoreFailed(reason);
        if (_failureWindow.ShouldLog(_time, out long suppressed))
        {
            LogStoreFailed(_logger, operation, reason, e?.Message ?? "not connected yet", suppressed);
        }
    }

    private static ResiliencePipeline BuildPipeline(int timeoutMilliseconds, TimeProvider time)
    {
        var transient = new PredicateBuilder()
            .Handle<RedisException>()
            .Handle<TimeoutException>()
            .Handle<TimeoutRejectedException>();
        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = 2,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(50),
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = transient,
                FailureRatio = 0.5,
                MinimumThroughput = 4,
                SamplingDuration = TimeSpan.FromSeconds(10),
                BreakDuration = TimeSpan.FromSeconds(2),
            })
            .AddTimeout(TimeSpan.FromMilliseconds(timeoutMilliseconds))
            .Build();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster store call {Operation} failed ({Reason}): {Error} ({Suppressed} more held back since the last)")]
    private static partial void LogStoreFailed(ILogger logger, string operation, string reason, string error, long suppressed);
}
