namespace Sfu.Server.Auth;

/// <summary>The room page asks for a development token: <c>{room, name}</c>.</summary>
public sealed record DevTokenRequest(string? Room, string? Name);
