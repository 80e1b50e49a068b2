using Microsoft.Extensions.Options;

namespace Sfu.Server.Auth;

/// <summary>Says at start how tokens are checked, and warns loudly in development mode.</summary>
public sealed class AuthStartupLog : IHostedService
{
    private readonly AuthOptions _options;
    private readonly ILogger<AuthStartupLog> _logger;

    public AuthStartupLog(IOptions<AuthOptions> options, ILogger<AuthStartupLog> logger)
    {
        _options = options.Value;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var keys = string.Join(",", _options.EffectiveKeys().Select(k => k.Key));
        if (_options.Development)
        {
            _logger.LogWarning(
                "Auth: DEVELOPMENT mode (Sfu:Auth:Development=true): the public key '{Key}' is accepted and POST /api/dev/token gives anyone a token. Turn it off in production and configure Sfu:Auth:ApiKeys. Keys: {Keys}",
                DevelopmentKey.Key,
                keys);
        }
        else
        {
            _logger.LogInformation("Auth: join and admin tokens verified with API keys {Keys}", keys);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
