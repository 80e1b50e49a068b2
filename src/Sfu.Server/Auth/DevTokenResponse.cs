namespace Sfu.Server.Auth;

/// <summary>A development join token and who it names.</summary>
public sealed record DevTokenResponse(string Token, string Room, string Identity, DateTimeOffset ExpiresAt);
