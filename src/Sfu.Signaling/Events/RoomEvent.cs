namespace Sfu.Signaling.Events;

/// <summary>
/// Something that happened in a room. <paramref name="Event"/> is one of <see cref="RoomEventTypes"/>;
/// participant fields are set for participant and track events, track fields for track events.
/// </summary>
public sealed record RoomEvent(
    string Event,
    string Room,
    DateTimeOffset At,
    string? ParticipantId = null,
    string? Identity = null,
    string? Name = null,
    string? TrackId = null,
    string? TrackKind = null,
    string? TrackSource = null,
    string? Reason = null);
