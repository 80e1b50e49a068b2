namespace Sfu.Signaling.Rooms;

/// <summary>Statistics of a participant's tracks, read on its room's media worker.</summary>
public sealed record ParticipantStats(string ParticipantId, DateTimeOffset At, IReadOnlyList<TrackStats> Tracks);
