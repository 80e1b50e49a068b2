using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Sfu.Server.Admin;

namespace Sfu.Server.Http;

/// <summary>
/// The HTTP edge, which refuses cheaply: per-client rate limits (ASP.NET Core's rate limiter, options
/// <c>Sfu:RateLimits</c>), admin credentials checked before any body is read, body sizes capped per request and
/// in total (<c>Sfu:Http</c>). Every refusal is problem details, counted in <c>sfu_http_refused_total{reason}</c>
/// and logged rate-limited (<see cref="HttpRefusals"/>).
/// </summary>
public static class HttpEdgeSetup
{
    /// <summary>Rate-limiter policy of <c>POST /api/dev/token</c>.</summary>
    public const string DevTokenPolicy = "dev-token";

    /// <summary>Rate-limiter policy of <c>POST /api/echo</c>.</summary>
    public const string EchoPolicy = "echo";

    public static IServiceCollection AddSfuHttpEdge(this IServiceCollection services)
    {
        services.AddOptions<HttpLimitsOptions>().BindConfiguration("Sfu:Http").Validate(o => { o.Validate(); return true; }).ValidateOnStart();
        services.AddOptions<RateLimitOptions>().BindConfiguration("Sfu:RateLimits").Validate(o => { o.Validate(); return true; }).ValidateOnStart();
        services.AddSingleton(sp => new HttpRefusals(
            sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            sp.GetRequiredService<ILogger<HttpRefusals>>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<HttpLimitsOptions>>(
            (kestrel, limits) => kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBodyBytes);
        services.AddSingleton<Sfu.Signaling.Hubs.IJoinRateLimiter, HubJoinRateLimiter>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, rates) =>
        {
            limiter.AddPolicy(DevTokenPolicy, context => PartitionOf(context, rates.Value.DevToken));
            limiter.AddPolicy(EchoPolicy, context => PartitionOf(context, rates.Value.Echo));
            limiter.OnRejected = OnRejectedAsync;
        });
        return services;
    }

    /// <summary>The edge's middleware, after routing (they read the endpoint's metadata) and before the endpoints.</summary>
    public static WebApplication UseSfuHttpEdge(this WebApplication app)
    {
        app.UseRateLimiter();
        app.UseMiddleware<AdminAuthMiddleware>();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        return app;
    }

    private static RateLimitPartition<string> PartitionOf(HttpContext context, RateLimitRule rule)
    {
        var key = ClientAddress.PartitionKey(context.Connection.RemoteIpAddress);
        return rule.IsEnabled
            ? RateLimitPartition.GetFixedWindowLimiter(key, _ => rule.ToLimiterOptions())
            : RateLimitPartition.GetNoLimiter(key);
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var http = rejected.HttpContext;
        var policy = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
        var (reason, setting) = policy == EchoPolicy
            ? (RefusalReason.RateLimitEcho, "Sfu:RateLimits:Echo")
            : (RefusalReason.RateLimitDevToken, "Sfu:RateLimits:DevToken");
        int retryAfter = 1;
        if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait))
        {
            retryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        }

        var detail = $"Too many requests from this address ({setting}); try again in {retryAfter} s.";
        http.RequestServices.GetRequiredService<HttpRefusals>().Refused(http, reason, detail);
        http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        HttpRefusals.CloseIfBodyUnread(http);
        await HttpRefusals.WriteProblemAsync(http, StatusCodes.Status429TooManyRequests, "Too many requests", detail);
    }
}
