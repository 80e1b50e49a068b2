namespace Sfu.Signaling.Rooms;

/// <summary>Per-room settings, given when an admin creates the room (rooms made by a join get the defaults).</summary>
public sealed class RoomSettings
{
    /// <summary>Participants allowed in this room; null: <see cref="RoomOptions.MaxParticipants"/>.</summary>
    public int? MaxParticipants { get; init; }

    /// <summary>How long the room stays open with nobody in it (seconds); 0 closes it when the last participant leaves.</summary>
    public int EmptyTimeoutSeconds { get; init; }

    /// <summary>Free-form metadata of the room (an admin can change it).</summary>
    public string? Metadata { get; set; }

    public DateTimeOffset CreatedAt { get; } = DateTimeOffset.UtcNow;
}
