using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Sfu.Server.Endpoints;

/// <summary>Every route of the server.</summary>
public static class EndpointSetup
{
    public static WebApplication MapSfu(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapEchoApi();
        app.MapPages();
        return app;
    }
}
