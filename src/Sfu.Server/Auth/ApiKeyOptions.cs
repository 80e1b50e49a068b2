namespace Sfu.Server.Auth;

/// <summary>An API key: its name (the token header's <c>kid</c>, or its <c>iss</c> claim) and its secret (HS256, at least 32 characters).</summary>
public sealed class ApiKeyOptions
{
    public string Key { get; set; } = "";

    public string Secret { get; set; } = "";
}
