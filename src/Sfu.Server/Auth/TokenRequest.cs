using Sfu.Signaling.Auth;

namespace Sfu.Server.Auth;

/// <summary>What a token says: who (<paramref name="Identity"/>), shown as <paramref name="Name"/>, in which room, allowed what, for how long.</summary>
public sealed record TokenRequest(string Identity, string? Name, string Room, ParticipantGrants Grants, TimeSpan Ttl, string? Key = null);
