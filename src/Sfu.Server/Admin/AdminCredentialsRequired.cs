namespace Sfu.Server.Admin;

/// <summary>Endpoint metadata: <see cref="AdminAuthMiddleware"/> checks admin credentials before the endpoint reads anything.</summary>
public sealed class AdminCredentialsRequired
{
    public static readonly AdminCredentialsRequired Instance = new();

    private AdminCredentialsRequired()
    {
    }
}
