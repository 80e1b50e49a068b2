using Sfu.Signaling.Contracts;
using Sfu.Signaling.Rooms;

namespace Sfu.Server.Admin;

/// <summary>A room as the admin API shows it, with who speaks now (loudest first).</summary>
public sealed record RoomSummary(string Name, int NumParticipants, int MaxParticipants, int EmptyTimeout, string? Metadata, DateTimeOffset CreatedAt, int Worker)
{
    public IReadOnlyList<SpeakerInfo> ActiveSpeakers { get; init; } = [];

    public static RoomSummary From(Room room, RoomOptions defaults) => new(
        room.Name, room.Snapshot.Participants.Count, room.Settings.MaxParticipants ?? defaults.MaxParticipants, room.Settings.EmptyTimeoutSeconds,
        room.Snapshot.Metadata, room.Settings.CreatedAt, room.Worker.Id)
    {
        ActiveSpeakers = room.ActiveSpeakers,
    };
}
