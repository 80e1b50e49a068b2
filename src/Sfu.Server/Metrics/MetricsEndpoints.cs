namespace Sfu.Server.Metrics;

/// <summary><c>GET /metrics</c>: every collected instrument in the Prometheus text format 0.0.4.</summary>
public static class MetricsEndpoints
{
    public static WebApplication MapMetrics(this WebApplication app)
    {
        // Resolved now, so the listener records from startup on, not from the first scrape.
        var collector = app.Services.GetRequiredService<MetricsCollector>();
        app.MapGet("/metrics", async (HttpContext context) =>
        {
            var text = collector.Scrape();
            context.Response.ContentType = PrometheusTextWriter.ContentType;
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.WriteAsync(text, context.RequestAborted);
        }).ExcludeFromDescription();
        return app;
    }
}
