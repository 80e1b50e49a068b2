using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sfu.Signaling.Lifecycle;

namespace Sfu.Server.Hosting;

/// <summary>Not ready while the node drains (<c>/readyz</c> answers 503 from the moment a drain begins), so load balancers send nobody new.</summary>
public sealed class NodeDrainHealthCheck : IHealthCheck
{
    private readonly NodeDrainState _state;

    public NodeDrainHealthCheck(NodeDrainState state) => _state = state;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult(_state.IsDraining
            ? HealthCheckResult.Unhealthy($"draining since {_state.StartedAt:O} ({_state.Trigger})")
            : HealthCheckResult.Healthy("taking rooms"));
}
