namespace Sfu.Server.Auth;

/// <summary>
/// The documented development key, in use only while <c>Sfu:Auth:Development</c> is true. It is public, so a
/// server with development off refuses to start when it is configured.
/// </summary>
public static class DevelopmentKey
{
    public const string Key = "devkey";

    public const string Secret = "devsecret-change-me-0123456789abcdef";
}
