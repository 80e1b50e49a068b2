using Microsoft.Extensions.Options;
using Sfu.Signaling.Lifecycle;

namespace Sfu.Server.Hosting;

/// <summary>
/// Draining on shutdown: SIGTERM drains before the host stops (<see cref="DrainingConsoleLifetime"/>), an in-process
/// stop drains first too (<see cref="NodeDrainHostedService"/>), <c>/readyz</c> is 503 while draining
/// (<see cref="NodeDrainHealthCheck"/>), and the host's shutdown timeout covers the drain.
/// </summary>
public static class DrainSetup
{
    /// <summary>What the host's shutdown timeout leaves beyond the drain, for the rest of the stop.</summary>
    public static readonly TimeSpan StopMargin = TimeSpan.FromSeconds(10);

    public static IServiceCollection AddSfuDrain(this IServiceCollection services)
    {
        services.AddOptions<DrainOptions>().Validate(o => { o.Validate(); return true; });
        services.AddSingleton<IHostLifetime, DrainingConsoleLifetime>();
        services.AddHostedService<NodeDrainHostedService>();
        services.AddOptions<HostOptions>().Configure<IOptions<DrainOptions>>((host, drain) =>
        {
            var needed = TimeSpan.FromSeconds(drain.Value.DrainTimeoutSeconds + drain.Value.MoveFlushSeconds) + StopMargin;
            if (host.ShutdownTimeout < needed)
            {
                host.ShutdownTimeout = needed;
            }
        });
        services.AddHealthChecks().AddCheck<NodeDrainHealthCheck>("drain", tags: new[] { "ready" });
        return services;
    }
}
