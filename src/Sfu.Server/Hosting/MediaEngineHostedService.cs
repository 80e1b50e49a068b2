using Sfu.Core.Transport;

namespace Sfu.Server.Hosting;

/// <summary>Binds the media ports and starts the workers with the host; stops them with it.</summary>
public sealed class MediaEngineHostedService : IHostedService
{
    private readonly MediaEngine _engine;
    private readonly ILogger<MediaEngineHostedService> _logger;

    public MediaEngineHostedService(MediaEngine engine, ILogger<MediaEngineHostedService> logger)
    {
        _engine = engine;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _engine.Start();
        _logger.LogInformation(
            "Media engine started: {Workers} workers on UDP ports {Ports}, announcing {Addresses}, DTLS fingerprint {Fingerprint}",
            _engine.Workers.Count,
            string.Join(",", _engine.Workers.Select(w => w.LocalEndPoint.Port)),
            string.Join(",", _engine.AnnouncedAddresses),
            _engine.Certificate.Fingerprint);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _engine.Dispose();
        return Task.CompletedTask;
    }
}
