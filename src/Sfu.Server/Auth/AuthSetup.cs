using Microsoft.Extensions.Options;
using Sfu.Signaling.Auth;

namespace Sfu.Server.Auth;

/// <summary>Tokens, the hub's join check and TURN credentials. A bad <c>Sfu:Auth</c> stops the host at start with the reasons.</summary>
public static class AuthSetup
{
    public static IServiceCollection AddSfuAuth(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration("Sfu:Auth").ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidation>();
        services.AddOptions<TurnOptions>().BindConfiguration("Sfu:Turn");
        services.AddSingleton<TokenService>();
        services.AddSingleton<IJoinAuthorizer, JwtJoinAuthorizer>();
        services.AddSingleton<IIceServerSource, TurnCredentialSource>();
        services.AddHostedService<AuthStartupLog>();
        return services;
    }
}
