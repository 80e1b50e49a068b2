using Sfu.Signaling.Auth;

namespace Sfu.Server.Auth;

/// <summary>A token that verified: its key, subject, name, room and grants.</summary>
public sealed record ValidatedToken(string Key, string Identity, string? Name, string Room, ParticipantGrants Grants, DateTimeOffset Expires);
