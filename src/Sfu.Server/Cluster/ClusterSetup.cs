using Microsoft.Extensions.Options;
using Sfu.Signaling.Cluster;

namespace Sfu.Server.Cluster;

/// <summary>
/// The cluster's services (section <c>Sfu:Cluster</c>). They are always registered and decide when first resolved,
/// once every configuration source is in: without <c>Sfu:Cluster:Redis</c> placement is local, the heartbeat does
/// nothing and the admin API answers from this node's rooms, exactly as a server on its own.
/// </summary>
public static class ClusterSetup
{
    /// <summary>Registers the cluster; call before the signaling services (it provides their <see cref="IRoomPlacement"/>).</summary>
    public static IServiceCollection AddSfuCluster(this IServiceCollection services)
    {
        services.AddOptions<ClusterOptions>().BindConfiguration("Sfu:Cluster").ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClusterOptions>>(new ValidateOptions<ClusterOptions>(
            null, o => o.Problems().Count == 0, "Sfu:Cluster is invalid: check PublicUrl, NodeId, MaxParticipants and the timings (docs/deploy.md, \"Running a cluster\")."));
        services.AddSingleton<ClusterMetrics>();
        services.AddSingleton<RedisClusterStore>();
        services.AddSingleton<NodeLoadMeter>();
        services.AddSingleton<ClusterNode>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterNode>());
        services.AddSingleton<ClusterRoomPlacement>();
        services.AddSingleton<ClusterAdminForwarder>();
        services.AddHttpClient(ClusterAdminForwarder.HttpClientName);
        services.AddSingleton<IRoomPlacement>(sp => sp.GetRequiredService<IOptions<ClusterOptions>>().Value.Enabled
            ? sp.GetRequiredService<ClusterRoomPlacement>()
            : new LocalRoomPlacement());
        return services;
    }

    /// <summary>Forwards admin requests to the node of their room; after the admin credentials are checked.</summary>
    public static WebApplication UseSfuCluster(this WebApplication app)
    {
        app.UseMiddleware<ClusterAdminMiddleware>();
        return app;
    }
}
