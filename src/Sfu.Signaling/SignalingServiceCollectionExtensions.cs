using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Cluster;
using Sfu.Signaling.Events;
using Sfu.Signaling.Diagnostics;
using Sfu.Signaling.Hubs;
using Sfu.Signaling.Lifecycle;
using Sfu.Signaling.Rooms;

namespace Sfu.Signaling;

/// <summary>Registers rooms and the room hub with the host.</summary>
public static class SignalingServiceCollectionExtensions
{
    public const string HubPath = "/hubs/room";

    /// <summary>
    /// Largest message a client may send (bytes): the longest subscriber answer the hub accepts, with its line ends
    /// escaped in JSON (two more bytes per line, at most <see cref="Sfu.Core.Sdp.SdpParser.MaxLines"/> lines) and
    /// room for the envelope.
    /// </summary>
    public const long MaximumReceiveMessageSize = HubArguments.MaxSubscriberAnswerLength + (2L * Sfu.Core.Sdp.SdpParser.MaxLines) + 4096;

    public static IServiceCollection AddSfuSignaling(this IServiceCollection services)
    {
        services.AddSignalR(o =>
        {
            o.MaximumReceiveMessageSize = MaximumReceiveMessageSize;
            o.EnableDetailedErrors = false;
            o.AddFilter<HubErrorFilter>();
        });
        services.TryAddSingleton(sp => new SignalingMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddOptions<RoomOptions>().BindConfiguration("Sfu:Rooms");
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IJoinAuthorizer, OpenJoinAuthorizer>();
        services.TryAddSingleton<IJoinRateLimiter, UnlimitedJoins>();
        services.TryAddSingleton(sp => new HubRefusals(
            sp.GetService<System.Diagnostics.Metrics.IMeterFactory>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<HubRefusals>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IRoomEvents, NoRoomEvents>();
        services.TryAddSingleton<IIceServerSource, NoIceServerSource>();
        services.TryAddSingleton<IRoomPlacement, LocalRoomPlacement>();
        // A draining node takes no new rooms, here or (in a cluster) in placement.
        services.TryAddSingleton<INodeAvailability>(sp => sp.GetRequiredService<NodeDrainState>());
        services.AddSingleton<RoomManager>();
        services.AddOptions<DrainOptions>().BindConfiguration("Sfu:Cluster");
        services.TryAddSingleton(sp => new NodeDrainState(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new DrainMetrics(sp.GetRequiredService<NodeDrainState>(), sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<NodeDrainer>();
        return services;
    }

    public static IEndpointRouteBuilder MapSfuSignaling(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<RoomHub>(HubPath);

        // Create the room manager (and its instruments) at start, so /metrics shows rooms and participants at 0
        // before anyone joins.
        endpoints.ServiceProvider.GetRequiredService<RoomManager>();
        return endpoints;
    }
}
