using Serilog;
using Serilog.Events;

namespace Sfu.Server.Hosting;

/// <summary>
/// Serilog (Serilog.AspNetCore) from the <c>Serilog</c> configuration section, as the only logging provider, and
/// one log event per HTTP request. The logger is built when the host first resolves it, so every configuration
/// source (environment, command line, a test host) applies; each host keeps its own logger (the static
/// <see cref="Log.Logger"/> is left alone, so hosts in one process do not share one).
/// </summary>
public static class LoggingSetup
{
    /// <summary>Paths polled by monitoring, whose requests are logged at Verbose only.</summary>
    private static readonly string[] ProbePaths = ["/metrics", "/healthz", "/readyz"];

    public static WebApplicationBuilder AddSfuLogging(this WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog(
            (services, logger) => Configure(logger, services.GetRequiredService<IConfiguration>()).ReadFrom.Services(services),
            preserveStaticLogger: true);
        return builder;
    }

    /// <summary>
    /// One event per request (method, path, status, time) from Serilog's request logging: Error for a 5xx or an
    /// exception, Debug for a refusal (401, 403, 413, 429, 503: counted in <c>sfu_http_refused_total</c> and logged
    /// rate-limited by the refuser, so a flood does not flood the log), Verbose for monitoring probes, else Information.
    /// </summary>
    public static WebApplication UseSfuRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            options.GetLevel = LevelOf;
        });
        return app;
    }

    /// <summary>The level of a finished request's event.</summary>
    public static LogEventLevel LevelOf(HttpContext context, double elapsedMilliseconds, Exception? exception)
    {
        int status = context.Response.StatusCode;
        if (exception is not null || status >= 500 && status != StatusCodes.Status503ServiceUnavailable)
        {
            return LogEventLevel.Error;
        }

        if (status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden or StatusCodes.Status413PayloadTooLarge
            or StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
        {
            return LogEventLevel.Debug;
        }

        foreach (var probe in ProbePaths)
        {
            if (context.Request.Path.Equals(probe, StringComparison.Ordinal))
            {
                return LogEventLevel.Verbose;
            }
        }

        return LogEventLevel.Information;
    }

    /// <summary>
    /// SignalR's own error line for a hub call that ended in a <see cref="Microsoft.AspNetCore.SignalR.HubException"/>
    /// (with its stack, one per refused call): the hub's filter counts and logs refusals itself, rate-limited and
    /// without a stack (<see cref="Sfu.Signaling.Hubs.HubRefusals"/>), and turns unexpected exceptions into a
    /// HubException after logging them once with their stack, so nothing but the echo is lost.
    /// </summary>
    public static bool IsHubRefusalEcho(LogEvent e)
        => e.Exception is Microsoft.AspNetCore.SignalR.HubException
            && e.Properties.TryGetValue("SourceContext", out var source)
            && source is ScalarValue { Value: string name }
            && name.StartsWith("Microsoft.AspNetCore.SignalR.", StringComparison.Ordinal);

    /// <summary>The <c>Serilog</c> section; sinks and enrichers registered as services (<c>ILogEventSink</c>) are added too.</summary>
    private static LoggerConfiguration Configure(LoggerConfiguration logger, IConfiguration configuration)
    {
        try
        {
            return logger.ReadFrom.Configuration(configuration).Filter.ByExcluding(IsHubRefusalEcho);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidOperationException(
                "The Serilog section of the configuration cannot be used: " + e.Message + " Fix it in appsettings.json " +
                "(or the Serilog__* environment variables): sinks named under Using must be installed (this build has " +
                "Serilog.Sinks.Console, Serilog.Sinks.File and Serilog.Sinks.Debug), and MinimumLevel values are Verbose, " +
                "Debug, Information, Warning, Error or Fatal.", e);
        }
    }
}
