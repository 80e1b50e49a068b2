namespace Sfu.Signaling.Events;

/// <summary>The names of room events (the <c>event</c> field of a webhook).</summary>
public static class RoomEventTypes
{
    public const string RoomStarted = "room_started";
    public const string RoomFinished = "room_finished";
    public const string ParticipantJoined = "participant_joined";
    public const string ParticipantLeft = "participant_left";
    public const string TrackPublished = "track_published";
    public const string TrackUnpublished = "track_unpublished";
}
