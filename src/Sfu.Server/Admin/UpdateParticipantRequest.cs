namespace Sfu.Server.Admin;

/// <summary><c>PATCH /api/rooms/{room}/participants/{id}</c>: new metadata and/or grants (a missing field is left as it is).</summary>
public sealed record UpdateParticipantRequest(string? Metadata = null, GrantsBody? Grants = null);
