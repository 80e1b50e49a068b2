using Sfu.Signaling.Lifecycle;

namespace Sfu.Server.Hosting;

/// <summary>
/// Drains the node when the host is stopped in-process (<c>IHost.StopAsync</c>), before anything else stops: the host
/// calls <see cref="StoppingAsync"/> before it raises ApplicationStopping, at which SignalR closes every hub connection,
/// so participants are told to move while they can still hear it. A stop in-process wants the host gone, so the calls
/// are moved at once (no wait) and their connections get at most a second to close. SIGTERM does not come here
/// first: <see cref="DrainingConsoleLifetime"/> drains with the full timeout and only then stops the host, whose
/// stop then finds the drain done.
/// </summary>
public sealed class NodeDrainHostedService : IHostedLifecycleService
{
    /// <summary>How long moved clients get to close their connections when the host is stopped in-process.</summary>
    public static readonly TimeSpan HostStopFlush = TimeSpan.FromSeconds(1);

    private readonly NodeDrainer _drainer;

    public NodeDrainHostedService(NodeDrainer drainer) => _drainer = drainer;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var flush = TimeSpan.FromSeconds(Math.Min(_drainer.Options.MoveFlushSeconds, HostStopFlush.TotalSeconds));
        var drain = _drainer.DrainAsync(DrainTriggers.HostStop, TimeSpan.Zero, flush);
        _drainer.Hurry(); // an admin drain still waiting for calls to end: move them now
        try
        {
            await drain.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout passed: it stops anyway.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
