using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Sfu.Server.Cluster;

/// <summary>
/// Sends an admin API request on to the node that hosts its room, with the caller's own credentials (every node checks
/// them: the nodes share their keys), and copies the answer back. The forwarded request carries
/// <see cref="ForwardedHeader"/>, so the node that gets it answers from its own rooms and never forwards again.
/// </summary>
public sealed class ClusterAdminForwarder
{
    public const string HttpClientName = "Sfu.Cluster";

    /// <summary>Marks a request forwarded by another node (its value: that node's id).</summary>
    public const string ForwardedHeader = "X-Sfu-Cluster-Forwarded";

    private static readonly string[] CopiedResponseHeaders = ["Location", "Retry-After", "WWW-Authenticate"];

    private readonly IHttpClientFactory _http;
    private readonly ClusterOptions _options;
    private readonly ClusterNode _node;
    private readonly ClusterMetrics _metrics;

    public ClusterAdminForwarder(IHttpClientFactory http, IOptions<ClusterOptions> options, ClusterNode node, ClusterMetrics metrics)
    {
        _http = http;
        _options = options.Value;
        _node = node;
        _metrics = metrics;
    }

    /// <summary>True when <paramref name="http"/> came from another node of the cluster.</summary>
    public static bool IsForwarded(HttpContext http) => http.Request.Headers.ContainsKey(ForwardedHeader);

    /// <summary>Forwards the request to the node at <paramref name="nodeUrl"/> and writes its answer (502 when it does not answer).</summary>
    public async Task ForwardAsync(HttpContext http, string nodeId, string nodeUrl)
    {
        _metrics.Forwarded();
        http.Request.EnableBuffering();
        http.Request.Body.Position = 0;
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, http.RequestAborted);
        using var request = new HttpRequestMessage(new HttpMethod(http.Request.Method), nodeUrl.TrimEnd('/') + http.Request.Path + http.Request.QueryString);
        if (body.Length > 0 || HttpMethods.IsPost(http.Request.Method) || HttpMethods.IsPatch(http.Request.Method) || HttpMethods.IsPut(http.Request.Method))
        {
            request.Content = new ByteArrayContent(body.ToArray());
            if (http.Request.ContentType is { } type)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
            }
        }

        HttpResponseMessage response;
        try
        {
            response = await SendAsync(request, http.RequestAborted, http.Request.Headers.Authorization.ToString());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !http.RequestAborted.IsCancellationRequested)
        {
            await Results.Problem(title: "Room's node unreachable", detail: $"The room lives on node '{nodeId}', which did not answer: {e.Message}",
                statusCode: StatusCodes.Status502BadGateway).ExecuteAsync(http);
            return;
        }

        using (response)
        {
            http.Response.StatusCode = (int)response.StatusCode;
            foreach (var name in CopiedResponseHeaders)
            {
                if (response.Headers.TryGetValues(name, out var values))
                {
                    http.Response.Headers[name] = values.ToArray();
                }
            }

            if (response.Content.Headers.ContentType is { } contentType)
            {
                http.Response.ContentType = contentType.ToString();
            }

            await response.Content.CopyToAsync(http.Response.Body, http.RequestAborted);
        }
    }

    /// <summary>Sends a request to another node as this node (forwarded header, the caller's credentials), with the forward timeout.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken, string? authorization = null)
    {
        request.Headers.TryAddWithoutValidation(ForwardedHeader, _node.Id);
        if (!string.IsNullOrEmpty(authorization))
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        var client = _http.CreateClient(HttpClientName);
        client.Timeout = TimeSpan.FromMilliseconds(_options.ForwardTimeoutMilliseconds);
        return client.SendAsync(request, cancellationToken);
    }
}
