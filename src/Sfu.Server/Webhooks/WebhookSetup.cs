using Microsoft.Extensions.Options;
using Sfu.Signaling.Events;

namespace Sfu.Server.Webhooks;

/// <summary>The webhook dispatcher as the rooms' event listener and a background service.</summary>
public static class WebhookSetup
{
    public static IServiceCollection AddSfuWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration("Sfu:Webhooks").ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>>(new ValidateOptions<WebhookOptions>(
            null, o => o.Problems().Count == 0, "Sfu:Webhooks is invalid: check Urls (http/https) and the delivery limits (docs/admin-api.md)."));
        services.AddHttpClient(WebhookDispatcher.HttpClientName);
        services.AddSingleton<WebhookMetrics>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddSingleton<IRoomEvents>(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        return services;
    }
}
