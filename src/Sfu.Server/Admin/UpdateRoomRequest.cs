namespace Sfu.Server.Admin;

/// <summary><c>PATCH /api/rooms/{room}</c>: new room metadata.</summary>
public sealed record UpdateRoomRequest(string? Metadata);
