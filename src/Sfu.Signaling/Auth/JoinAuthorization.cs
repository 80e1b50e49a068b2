namespace Sfu.Signaling.Auth;

/// <summary>
/// Who joins and what they may do. <paramref name="Identity"/> is the token's subject; <paramref name="Name"/>
/// the display name it carries (null: the name in the JoinRequest is used).
/// </summary>
public sealed record JoinAuthorization(string? Identity, string? Name, ParticipantGrants Grants);
