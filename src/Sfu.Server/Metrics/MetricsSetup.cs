using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace Sfu.Server.Metrics;

/// <summary>Registers the metrics collector (options section <c>Sfu:Metrics</c>).</summary>
public static class MetricsSetup
{
    public static IServiceCollection AddSfuMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddOptions<MetricsOptions>().BindConfiguration("Sfu:Metrics").Validate(o => { o.Validate(); return true; });
        services.AddSingleton(sp => new MetricsCollector(
            sp.GetRequiredService<IOptions<MetricsOptions>>().Value,
            sp.GetRequiredService<IMeterFactory>(),
            sp.GetRequiredService<ILogger<MetricsCollector>>()));
        return services;
    }
}
