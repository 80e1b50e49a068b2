using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Sfu.Signaling;
using Sfu.Server.Admin;
using Sfu.Server.Auth;
using Sfu.Server.Cluster;
using Sfu.Server.Hosting;
using Sfu.Server.Http;
using Sfu.Server.Metrics;

namespace Sfu.Server.Endpoints;

/// <summary>Every route of the server.</summary>
public static class EndpointSetup
{
    public static WebApplication MapSfu(this WebApplication app)
    {
        app.UseSfuRequestLogging();
        // Malformed request bodies surface as BadHttpRequestException: answer them with their own 4xx, not 500.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.UseSfuHttpEdge();
        app.UseSfuCluster();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapSfuMetrics();
        app.MapEchoApi();
        app.MapDevTokens();
        app.MapAdminApi();
        app.MapNodeApi();
        app.MapSfuSignaling();
        app.MapPages();
        return app;
    }
}
