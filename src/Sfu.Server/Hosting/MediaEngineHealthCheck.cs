using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sfu.Core.Transport;

namespace Sfu.Server.Hosting;

/// <summary>Ready when every media port is bound and every worker thread runs.</summary>
public sealed class MediaEngineHealthCheck : IHealthCheck
{
    private readonly MediaEngine _engine;

    public MediaEngineHealthCheck(MediaEngine engine) => _engine = engine;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult(_engine.IsRunning
            ? HealthCheckResult.Healthy($"{_engine.Workers.Count} media workers running")
            : HealthCheckResult.Unhealthy("media workers are not running"));
}
