using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Sfu.Server.Metrics;

/// <summary>
/// <c>/metrics</c> (options section <c>Sfu:Metrics</c>): a prometheus-net registry of this host's own (never the
/// process-wide default, so hosts in one process do not mix), prometheus-net's process metrics in it, and the
/// <see cref="MeterBridge"/> that puts the configured meters' instruments there.
/// </summary>
public static class MetricsSetup
{
    public static IServiceCollection AddSfuMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddOptions<MetricsOptions>().BindConfiguration("Sfu:Metrics").Validate(o => { o.Validate(); return true; });
        services.AddSingleton(_ =>
        {
            var registry = Prometheus.Metrics.NewCustomRegistry();
            DotNetStats.Register(registry);
            return registry;
        });
        services.AddSingleton(sp => new MeterBridge(
            sp.GetRequiredService<IOptions<MetricsOptions>>().Value,
            sp.GetRequiredService<CollectorRegistry>(),
            sp.GetRequiredService<IMeterFactory>(),
            sp.GetRequiredService<ILogger<MeterBridge>>()));
        return services;
    }

    /// <summary>
    /// <c>GET /metrics</c>: prometheus-net's exporter over this host's registry, in the Prometheus text format
    /// 0.0.4, or OpenMetrics when the scraper asks for it (Prometheus does).
    /// </summary>
    public static WebApplication MapSfuMetrics(this WebApplication app)
    {
        // Resolved now, so the listener records from startup on, not from the first scrape.
        _ = app.Services.GetRequiredService<MeterBridge>();
        var registry = app.Services.GetRequiredService<CollectorRegistry>();
        app.MapMetrics(settings => settings.Registry = registry);
        return app;
    }
}
