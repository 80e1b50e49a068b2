using Serilog;
using Serilog.Extensions.Logging;

namespace Sfu.Server.Hosting;

/// <summary>
/// Serilog from the <c>Serilog</c> configuration section, as the only logging provider. The logger is built
/// when the host first resolves it, so every configuration source (environment, command line, a test host) applies.
/// </summary>
public static class LoggingSetup
{
    public static WebApplicationBuilder AddSfuLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ILoggerProvider>(sp => new SerilogLoggerProvider(
            new LoggerConfiguration().ReadFrom.Configuration(sp.GetRequiredService<IConfiguration>()).CreateLogger(),
            dispose: true));
        return builder;
    }
}
