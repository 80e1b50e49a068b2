using Serilog;

namespace Sfu.Server.Hosting;

/// <summary>Serilog from the <c>Serilog</c> configuration section, as the only logging provider.</summary>
public static class LoggingSetup
{
    public static WebApplicationBuilder AddSfuLogging(this WebApplicationBuilder builder)
    {
        var logger = new LoggerConfiguration()
            .ReadFrom.Configuration(builder.Configuration)
            .CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
        return builder;
    }
}
