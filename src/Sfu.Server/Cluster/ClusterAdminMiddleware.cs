using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Sfu.Server.Admin;
using Sfu.Signaling.Cluster;
using Sfu.Signaling.Rooms;

namespace Sfu.Server.Cluster;

/// <summary>
/// Makes the admin API cluster-wide; runs after the admin credentials are checked, and only in a cluster. A request for
/// a room another node hosts is forwarded there (<see cref="ClusterAdminForwarder"/>); <c>POST /api/rooms</c> places
/// the new room first (on this node, or forwarded to the node chosen); <c>GET /api/rooms</c> lists every room of the
/// cluster (each with its <c>node</c>), asking every node that hosts rooms for its own list. Requests forwarded by
/// another node are answered from this node's rooms only.
/// </summary>
public sealed class ClusterAdminMiddleware
{
    private readonly RequestDelegate _next;

    public ClusterAdminMiddleware(RequestDelegate next) => _next = next;

    public async Task InvokeAsync(HttpContext http, IOptions<ClusterOptions> options)
    {
        if (!options.Value.Enabled || ClusterAdminForwarder.IsForwarded(http)
            || http.GetEndpoint()?.Metadata.GetMetadata<AdminCredentialsRequired>() is null)
        {
            await _next(http);
            return;
        }

        var services = http.RequestServices;
        var rooms = services.GetRequiredService<RoomManager>();
        var node = services.GetRequiredService<ClusterNode>();
        var store = services.GetRequiredService<RedisClusterStore>();
        var forwarder = services.GetRequiredService<ClusterAdminForwarder>();
        try
        {
            if (http.GetRouteValue("room") is string room)
            {
                if (rooms.TryGet(room, out var open) && open is { Closed: false })
                {
                    await _next(http);
                    return;
                }

                var owner = await store.GetRoomOwnerAsync(room, http.RequestAborted);
                if (owner is not null && owner != node.Id && await store.GetNodeAsync(owner, http.RequestAborted) is { Url.Length: > 0 } entry)
                {
                    await forwarder.ForwardAsync(http, entry.Id, entry.Url);
                    return;
                }

                await _next(http);
                return;
            }

            bool isCollection = http.Request.Path.Equals(AdminAuthMiddleware.PathPrefix, StringComparison.Ordinal)
                || http.Request.Path.Equals(AdminAuthMiddleware.PathPrefix + "/", StringComparison.Ordinal);
            if (isCollection && HttpMethods.IsGet(http.Request.Method))
            {
                await ListAsync(http, rooms, node, store, forwarder);
                return;
            }

            if (isCollection && HttpMethods.IsPost(http.Request.Method) && await NameOfNewRoomAsync(http) is { } name
                && !(rooms.TryGet(name, out var existing) && existing is { Closed: false }))
            {
                var placement = await services.GetRequiredService<IRoomPlacement>().PlaceAsync(name, http.RequestAborted);
                if (placement.IsRemote)
                {
                    await forwarder.ForwardAsync(http, placement.NodeId!, placement.SignalingUrl!);
                    return;
                }
            }
        }
        catch (ClusterStoreUnavailableException e)
        {
            await Results.Problem(title: "Cluster store unavailable", detail: e.Message, statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(http);
            return;
        }
        catch (RoomException e)
        {
            await Results.Problem(title: "Room not created", detail: e.Message, statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(http);
            return;
        }

        await _next(http);
    }

    /// <summary>The <c>name</c> of a create request's JSON body (the body stays readable for the endpoint), or null.</summary>
    private static async Task<string?> NameOfNewRoomAsync(HttpContext http)
    {
        http.Request.EnableBuffering();
        try
        {
            using var doc = await JsonDocument.ParseAsync(http.Request.Body, default, http.RequestAborted);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, "name", StringComparison.OrdinalIgnoreCase)) is { Value.ValueKind: JsonValueKind.String } p
                && AdminValidation.IsRoomName(p.Value.GetString())
                ? p.Value.GetString()
                : null; // the endpoint answers what is wrong with it
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            http.Request.Body.Position = 0;
        }
    }

    /// <summary>Every room of the cluster: this node's own, and each other node's list (asked with the caller's credentials).</summary>
    private static async Task ListAsync(HttpContext http, RoomManager rooms, ClusterNode node, RedisClusterStore store, ClusterAdminForwarder forwarder)
    {
        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var owners = await store.ListRoomOwnersAsync(http.RequestAborted);
        var nodes = (await store.ListNodesAsync(http.RequestAborted)).ToDictionary(n => n.Id, StringComparer.Ordinal);
        var list = new List<JsonObject>();
        foreach (var room in rooms.Rooms.Where(r => !r.Closed))
        {
            var summary = JsonSerializer.SerializeToNode(RoomSummary.From(room, rooms.Options), json)!.AsObject();
            summary["node"] = node.Id;
            list.Add(summary);
        }

        var authorization = http.Request.Headers.Authorization.ToString();
        var remote = owners.Values.Where(id => id != node.Id && nodes.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
        var answers = await Task.WhenAll(remote.Select(id => RoomsOfAsync(nodes[id], forwarder, authorization, http.RequestAborted)));
        for (int i = 0; i < remote.Count; i++)
        {
            if (answers[i] is { } theirs)
            {
                list.AddRange(theirs.Where(r => r["name"] is not null && !list.Any(l => Same(l, r))).Select(r =>
                {
                    r["node"] = remote[i];
                    return r;
                }));
                continue;
            }

            // The node did not answer: its rooms are listed by name and node only.
            foreach (var (name, owner) in owners.Where(o => o.Value == remote[i]))
            {
                list.Add(new JsonObject { ["name"] = name, ["node"] = owner, ["unreachable"] = true });
            }
        }

        list.Sort((a, b) => string.CompareOrdinal((string?)a["name"], (string?)b["name"]));
        await Results.Json(list, json).ExecuteAsync(http);
    }

    private static bool Same(JsonObject a, JsonObject b) => string.Equals((string?)a["name"], (string?)b["name"], StringComparison.Ordinal);

    private static async Task<List<JsonObject>?> RoomsOfAsync(NodeEntry entry, ClusterAdminForwarder forwarder, string authorization, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, entry.Url.TrimEnd('/') + AdminAuthMiddleware.PathPrefix);
            using var response = await forwarder.SendAsync(request, cancellationToken, authorization);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var array = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) as JsonArray;
            return array?.OfType<JsonObject>().Select(o => (JsonObject)o.DeepClone()).ToList();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
