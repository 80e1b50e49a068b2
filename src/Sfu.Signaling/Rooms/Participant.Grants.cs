using Sfu.Signaling.Auth;

namespace Sfu.Signaling.Rooms;

/// <summary>Who the participant is (its token's subject) and what it may do.</summary>
public sealed partial class Participant
{
    /// <summary>The join token's subject; null when the host does no authentication. One identity is in a room once.</summary>
    public string? Identity { get; init; }

    /// <summary>What the participant may do; an admin can change it.</summary>
    public ParticipantGrants Grants { get; internal set; } = ParticipantGrants.Default;

    /// <summary>When the participant joined.</summary>
    public DateTimeOffset JoinedAt { get; }

    /// <summary>Throws the refusal the caller sees when the participant lacks a grant.</summary>
    internal void Require(bool granted, string what, string grant)
    {
        if (!granted)
        {
            throw new RoomException($"Not allowed to {what}: the join token lacks the {grant} grant.");
        }
    }
}
