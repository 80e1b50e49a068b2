using Sfu.Signaling.Auth;

namespace Sfu.Signaling.Rooms;

/// <summary>Who the participant is (its token's subject) and what it may do.</summary>
public sealed partial class Participant
{
    /// <summary>The join token's subject; null when the host does no authentication.</summary>
    public string? Identity { get; init; }

    /// <summary>What the participant may do; an admin can change it.</summary>
    public ParticipantGrants Grants { get; set; } = ParticipantGrants.Default;

    /// <summary>When the participant joined.</summary>
    public DateTimeOffset JoinedAt { get; } = DateTimeOffset.UtcNow;
}
