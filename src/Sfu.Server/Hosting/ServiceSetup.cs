using Microsoft.Extensions.Options;
using Sfu.Core.Diagnostics;
using Sfu.Core.Echo;
using Sfu.Core.Transport;
using Sfu.Signaling;
using Sfu.Server.Admin;
using Sfu.Server.Auth;
using Sfu.Server.Cluster;
using Sfu.Server.Http;
using Sfu.Server.Metrics;
using Sfu.Server.Webhooks;

namespace Sfu.Server.Hosting;

/// <summary>The server's services: the media engine and what sits on it.</summary>
public static class ServiceSetup
{
    public static WebApplicationBuilder AddSfuServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        // Options are bound when first resolved, after every configuration source (including a test host's) is in.
        services.AddOptions<MediaOptions>().BindConfiguration("Sfu:Media").Validate(o => { o.Validate(); return true; });
        services.AddOptions<EchoOptions>().BindConfiguration("Sfu:Echo");

        services.AddSingleton(sp => new MediaMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton(sp => new MediaEngine(
            sp.GetRequiredService<IOptions<MediaOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<MediaMetrics>(),
            TimeProvider.System));
        services.AddHostedService<MediaEngineHostedService>();
        services.AddSingleton(sp => new EchoService(sp.GetRequiredService<MediaEngine>(), sp.GetRequiredService<ILogger<EchoService>>())
        {
            MaxSessions = sp.GetRequiredService<IOptions<EchoOptions>>().Value.MaxSessions,
        });
        services.AddSfuCluster(); // before the signaling: it provides their room placement
        services.AddSfuSignaling();
        services.AddSfuAuth();
        services.AddSfuAdmin();
        services.AddSfuWebhooks();
        services.AddSfuMetrics();
        services.AddSfuHttpEdge();
        services.AddProblemDetails();
        services.AddHealthChecks().AddCheck<MediaEngineHealthCheck>("media", tags: new[] { "ready" });
        services.AddSfuDrain();
        return builder;
    }
}
