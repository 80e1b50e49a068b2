using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Sfu.Signaling.Cluster;
using Sfu.Signaling.Rooms;

namespace Sfu.Server.Cluster;

/// <summary>
/// This node in the cluster: its id and public URL, and the heartbeat that keeps it there. Every
/// <see cref="ClusterOptions.HeartbeatMilliseconds"/> it writes its registry entry (load and draining flag, with a TTL:
/// a node that dies disappears by itself), extends its ownership of the rooms it hosts (open here, or won by a
/// placement and not yet open), and releases the rooms that closed here. When Redis is unreachable the heartbeat only
/// logs: the calls here go on, and the node registers again when Redis is back. Does nothing without a cluster.
/// </summary>
public sealed partial class ClusterNode : BackgroundService
{
    private readonly ClusterOptions _options;
    private readonly RedisClusterStore _store;
    private readonly RoomManager _rooms;
    private readonly INodeAvailability _availability;
    private readonly NodeLoadMeter _load;
    private readonly IServer _server;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _time;
    private readonly ILogger<ClusterNode> _logger;
    private readonly ConcurrentDictionary<string, long> _claims = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HashSet<string> _held = new(StringComparer.Ordinal);

    public ClusterNode(IOptions<ClusterOptions> options, RedisClusterStore store, RoomManager rooms, INodeAvailability availability, NodeLoadMeter load,
        IServer server, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<ClusterNode> logger)
    {
        _options = options.Value;
        _store = store;
        _rooms = rooms;
        _availability = availability;
        _load = load;
        _server = server;
        _lifetime = lifetime;
        _time = time;
        _logger = logger;
        Id = string.IsNullOrWhiteSpace(_options.NodeId)
            ? Environment.MachineName + "-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3))
            : _options.NodeId;
    }

    /// <summary>This node's id in the registry.</summary>
    public string Id { get; }

    /// <summary>The base URL other nodes and clients reach this node at; known once the server listens.</summary>
    public string? PublicUrl { get; private set; }

    /// <summary>True when the server runs as part of a cluster.</summary>
    public bool Enabled => _options.Enabled;

    /// <summary>Completes when this node's first registry entry is written.</summary>
    public Task Registered => _registered.Task;

    /// <summary>Draining now (from <see cref="INodeAvailability"/>).</summary>
    public bool IsDraining => _availability.IsDraining;

    /// <summary>A placement made this node the owner of <paramref name="room"/>: its ownership is kept while the room opens.</summary>
    public void Claimed(string room) => _claims[room] = _time.GetTimestamp();

    /// <summary>Writes the registry entry and refreshes and releases rooms once (the heartbeat's work; tests call it to skip the wait).</summary>
    public async Task BeatAsync(CancellationToken cancellationToken = default)
    {
        var open = new HashSet<string>(StringComparer.Ordinal);
        foreach (var room in _rooms.Rooms)
        {
            if (!room.Closed)
            {
                open.Add(room.Name);
            }
        }

        var owned = new HashSet<string>(open, StringComparer.Ordinal);
        int pending = 0;
        foreach (var (room, at) in _claims)
        {
            if (open.Contains(room) || _time.GetElapsedTime(at).TotalMilliseconds > _options.RoomTtlMilliseconds)
            {
                _claims.TryRemove(new KeyValuePair<string, long>(room, at));
                continue;
            }

            owned.Add(room);
            pending++;
        }

        var entry = _load.Measure(Id, PublicUrl ?? string.Empty, _options.MaxParticipants, _availability.IsDraining, pending);
        foreach (var room in await _store.WriteNodeAsync(entry, cancellationToken))
        {
            // Placed here by another node: kept (refreshed) while it opens, like a room this node placed itself.
            if (!open.Contains(room) && owned.Add(room))
            {
                _claims.TryAdd(room, _time.GetTimestamp());
            }
        }

        foreach (var room in await _store.RefreshRoomsAsync(Id, owned, cancellationToken))
        {
            LogConflict(_logger, room, Id);
        }

        var closed = _held.Where(r => !owned.Contains(r)).ToList();
        if (closed.Count > 0)
        {
            await _store.ReleaseRoomsAsync(Id, closed, cancellationToken);
        }

        _held = owned;
        _registered.TrySetResult();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        await _store.ConnectAsync();
        if (!await StartedAsync(stoppingToken))
        {
            return;
        }

        PublicUrl = ResolvePublicUrl();
        LogJoined(_logger, Id, PublicUrl);
        var period = TimeSpan.FromMilliseconds(_options.HeartbeatMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await BeatAsync(stoppingToken);
            }
            catch (ClusterStoreUnavailableException)
            {
                // Counted and logged by the store. The rooms here go on; the next beat registers again.
            }

            try
            {
                await Task.Delay(period, _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!_options.Enabled || PublicUrl is null)
        {
            return;
        }

        // A clean stop leaves at once rather than when the entry expires: placement stops choosing this node.
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(TimeSpan.FromMilliseconds(_options.OperationTimeoutMilliseconds * 2));
            await _store.RemoveNodeAsync(Id, cts.Token);
            await _store.ReleaseRoomsAsync(Id, _held, cts.Token);
        }
        catch (Exception e) when (e is ClusterStoreUnavailableException or OperationCanceledException)
        {
            // The entry expires by itself.
        }
    }

    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = _lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled());
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private string ResolvePublicUrl()
    {
        if (!string.IsNullOrWhiteSpace(_options.PublicUrl))
        {
            return _options.PublicUrl.TrimEnd('/');
        }

        var addresses = _server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var first = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal)) ?? addresses.FirstOrDefault();
        if (first is null)
        {
            LogNoUrl(_logger);
            return string.Empty;
        }

        // A wildcard address (0.0.0.0, [::], + or *) is no place to send clients to: use the machine's name.
        var uri = new Uri(first.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal));
        var host = uri.Host is "0.0.0.0" or "[::]" ? Environment.MachineName : uri.Host;
        var url = new UriBuilder(uri.Scheme, host, uri.Port).Uri.ToString().TrimEnd('/');
        LogDefaultUrl(_logger, url);
        return url;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster node {Node} registers at {Url}")]
    private static partial void LogJoined(ILogger logger, string node, string url);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sfu:Cluster:PublicUrl is not set: other nodes will send clients to {Url} (the first address Kestrel listens on); set it to the URL clients reach this node at")]
    private static partial void LogDefaultUrl(ILogger logger, string url);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sfu:Cluster:PublicUrl is not set and the server listens on no address: other nodes cannot send clients here")]
    private static partial void LogNoUrl(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {Room} is open on this node ({Node}) but another node owns it in the cluster store (the store lost its data, or a partition healed); new joins go to the owner")]
    private static partial void LogConflict(ILogger logger, string room, string node);
}
