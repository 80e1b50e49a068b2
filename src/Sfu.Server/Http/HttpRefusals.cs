using System.Diagnostics.Metrics;
using Sfu.Core.Diagnostics;

namespace Sfu.Server.Http;

/// <summary>
/// Counts requests the HTTP edge refuses (meter <c>Sfu.Http</c>, <c>sfu.http.refused</c> by reason, exported as
/// <c>sfu_http_refused_total{reason}</c>) and logs them at Warning at most <see cref="MaxLogsPerSecond"/> times a
/// second per reason, each line saying how many it held back before it, so a flood cannot flood the log.
/// </summary>
public sealed partial class HttpRefusals
{
    public const string MeterName = "Sfu.Http";

    /// <summary>Warnings written per reason and second at most.</summary>
    public const int MaxLogsPerSecond = LogWindow.MaxPerSecond;

    private static readonly string[] Names =
        ["unauthenticated", "forbidden", "body_too_large", "bodies_in_flight", "rate_limit_dev_token", "rate_limit_echo"];

    private readonly Counter<long> _refused;
    private readonly KeyValuePair<string, object?>[] _tags;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly LogWindow[] _windows;

    public HttpRefusals(IMeterFactory meterFactory, ILogger<HttpRefusals> logger, TimeProvider time)
    {
        var meter = meterFactory.Create(MeterName);
        _refused = meter.CreateCounter<long>("sfu.http.refused", "{request}",
            "HTTP requests refused before their endpoint ran, by reason (credentials, body size, bodies in flight, rate limits).");
        _tags = Names.Select(n => new KeyValuePair<string, object?>("reason", n)).ToArray();
        _windows = Names.Select(_ => new LogWindow()).ToArray();
        _logger = logger;
        _time = time;
    }

    /// <summary>The label value of a reason.</summary>
    public static string NameOf(RefusalReason reason) => Names[(int)reason];

    /// <summary>Counts a refusal and logs it unless this reason was logged too often in the last second.</summary>
    public void Refused(HttpContext context, RefusalReason reason, string detail)
    {
        _refused.Add(1, _tags[(int)reason]);
        if (!_logger.IsEnabled(LogLevel.Warning) || !_windows[(int)reason].ShouldLog(_time, out long suppressed))
        {
            return;
        }

        LogRefused(_logger, NameOf(reason), context.Request.Method, context.Request.Path.Value ?? "/",
            ClientAddress.PartitionKey(context.Connection.RemoteIpAddress), detail, suppressed);
    }

    /// <summary>Writes a refusal as problem details (RFC 9457).</summary>
    public static Task WriteProblemAsync(HttpContext context, int status, string title, string detail)
        => TypedResults.Problem(title: title, detail: detail, statusCode: status).ExecuteAsync(context);

    /// <summary>
    /// A refused request's body is not drained: when it has one, the server closes the connection after the answer
    /// (HTTP/1.x) instead of receiving the rest.
    /// </summary>
    public static void CloseIfBodyUnread(HttpContext context)
    {
        bool hasBody = context.Request.ContentLength is not (null or 0) || context.Request.Headers.TransferEncoding.Count > 0;
        if (hasBody && (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol)))
        {
            context.Response.Headers.Connection = "close";
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "HTTP request refused ({Reason}): {Method} {Path} from {Client}: {Detail} ({Suppressed} more held back since the last)")]
    private static partial void LogRefused(ILogger logger, string reason, string method, string path, string client, string detail, long suppressed);
}
