using System.Runtime.InteropServices;
using Sfu.Signaling.Lifecycle;

namespace Sfu.Server.Hosting;

/// <summary>
/// The host's lifetime in place of .NET's ConsoleLifetime, which stops the host at once on SIGTERM: stopping raises
/// ApplicationStopping, at which SignalR closes every hub connection, so nobody could be told to move. Here SIGTERM
/// drains first (<see cref="NodeDrainer"/>: no new rooms, /readyz 503, calls go on until they end or
/// <c>Sfu:Cluster:DrainTimeoutSeconds</c>, then everyone is told to move) and only then stops the host. SIGINT and
/// SIGQUIT (Ctrl+C) drain without waiting for calls to end. A second signal while draining moves everyone now; a third
/// stops at once.
/// </summary>
public sealed partial class DrainingConsoleLifetime : IHostLifetime, IDisposable
{
    private readonly NodeDrainer _drainer;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly IHostEnvironment _environment;
    private readonly ILogger<DrainingConsoleLifetime> _logger;
    private readonly List<PosixSignalRegistration> _signals = new();
    private CancellationTokenRegistration _started;
    private int _signalCount;

    public DrainingConsoleLifetime(NodeDrainer drainer, IHostApplicationLifetime lifetime, IHostEnvironment environment, ILogger<DrainingConsoleLifetime> logger)
    {
        _drainer = drainer;
        _lifetime = lifetime;
        _environment = environment;
        _logger = logger;
    }

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        _started = _lifetime.ApplicationStarted.Register(() => LogStarted(_logger, _environment.EnvironmentName, _environment.ContentRootPath));
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT })
        {
            _signals.Add(PosixSignalRegistration.Create(signal, OnSignal));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        foreach (var signal in _signals)
        {
            signal.Dispose();
        }

        _signals.Clear();
        _started.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true; // the host stops itself once drained
        int count = Interlocked.Increment(ref _signalCount);
        LogSignal(_logger, context.Signal.ToString(), count);
        if (count == 1)
        {
            var wait = context.Signal == PosixSignal.SIGTERM ? (TimeSpan?)null : TimeSpan.Zero;
            var trigger = context.Signal == PosixSignal.SIGTERM ? DrainTriggers.Sigterm : DrainTriggers.Interrupt;
            _ = StopAfterDrainAsync(_drainer.DrainAsync(trigger, wait));
        }
        else if (count == 2)
        {
            _drainer.Hurry();
        }
        else
        {
            _lifetime.StopApplication();
        }
    }

    private async Task StopAfterDrainAsync(Task drain)
    {
        try
        {
            await drain;
        }
        finally
        {
            _lifetime.StopApplication();
        }
    }

    [LoggerMessage(275, LogLevel.Information, "Application started. Press Ctrl+C to shut down. Hosting environment: {Environment}; content root: {ContentRoot}")]
    private static partial void LogStarted(ILogger logger, string environment, string contentRoot);

    [LoggerMessage(276, LogLevel.Warning, "{Signal} received ({Count}): 1st drains and then stops, 2nd moves everyone now, 3rd stops at once")]
    private static partial void LogSignal(ILogger logger, string signal, int count);
}
