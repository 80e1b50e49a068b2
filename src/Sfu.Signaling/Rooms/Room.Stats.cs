namespace Sfu.Signaling.Rooms;

/// <summary>Per-participant statistics for the admin API, read by the room's <see cref="ParticipantStatsReader"/>.</summary>
public sealed partial class Room
{
    /// <summary>A received layer is live when its last packet is at most this old.</summary>
    public static readonly TimeSpan LiveLayerWindow = TimeSpan.FromSeconds(2);

    /// <summary>Statistics of a participant's tracks, read on the room's worker; null if it is not here.</summary>
    public Task<ParticipantStats?> GetStatsAsync(string participantId) => Enqueue("stats", async () =>
    {
        if (!_participants.TryGetValue(participantId, out var participant))
        {
            return null;
        }

        return (ParticipantStats?)await _stats.ReadAsync(participant);
    });
}
