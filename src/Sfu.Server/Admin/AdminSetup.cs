namespace Sfu.Server.Admin;

/// <summary>The admin API's services: the OpenAPI document.</summary>
public static class AdminSetup
{
    public static IServiceCollection AddSfuAdmin(this IServiceCollection services)
    {
        services.AddOpenApi();
        return services;
    }
}
