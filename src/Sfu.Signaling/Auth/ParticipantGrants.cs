namespace Sfu.Signaling.Auth;

/// <summary>What a participant may do in its room, from its join token (or changed later by an admin).</summary>
public sealed record ParticipantGrants(bool CanPublish = true, bool CanSubscribe = true, bool CanPublishData = true, bool RoomAdmin = false)
{
    /// <summary>Everything but room administration: what a participant gets when the host does no authentication.</summary>
    public static ParticipantGrants Default { get; } = new();
}
