namespace Sfu.Server.Admin;

/// <summary>
/// <c>POST /api/rooms</c>: a room's name, its participant limit (null: the server's), how long it stays open
/// while empty (seconds; default 300) and free-form metadata.
/// </summary>
public sealed record CreateRoomRequest(string? Name, int? MaxParticipants = null, int? EmptyTimeout = null, string? Metadata = null);
