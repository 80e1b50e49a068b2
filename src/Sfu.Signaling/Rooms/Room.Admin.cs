using Sfu.Signaling.Auth;
using Sfu.Signaling.Events;

namespace Sfu.Signaling.Rooms;

/// <summary>What the admin API does to a room: metadata, removing participants, muting their tracks, changing grants; and room events (stats in Room.Stats.cs).</summary>
public sealed partial class Room
{
    /// <summary>Disconnects a participant (it gets <c>Disconnected(reason)</c>) and removes it; false if it is not here.</summary>
    public Task<bool> RemoveAsync(string participantId, string reason) => Enqueue("remove participant", async () =>
    {
        if (!_participants.TryGetValue(participantId, out var participant))
        {
            return false;
        }

        participant.Notifier?.Disconnected(reason);
        await RemoveParticipantAsync(participant, reason);
        return true;
    });

    /// <summary>
    /// Changes a participant's metadata and/or grants (null leaves it as it is). Returns the participant as it is
    /// afterwards, or null if it is not here.
    /// </summary>
    public Task<ParticipantSnapshot?> UpdateParticipantAsync(string participantId, string? metadata, ParticipantGrants? grants)
        => Enqueue("update participant", () =>
        {
            if (!_participants.TryGetValue(participantId, out var participant))
            {
                return Task.FromResult<ParticipantSnapshot?>(null);
            }

            if (metadata is not null)
            {
                participant.Metadata = metadata;
            }

            if (grants is not null)
            {
                participant.Grants = grants;
            }

            participant.Touch();
            return Task.FromResult<ParticipantSnapshot?>(participant.ToSnapshot());
        });

    /// <summary>Changes the room's metadata.</summary>
    public Task SetMetadataAsync(string? metadata) => Enqueue("room metadata", () =>
    {
        Settings.Metadata = metadata;
        return Task.CompletedTask;
    });

    /// <summary>
    /// Mutes or unmutes a track a participant publishes, for everyone (the publisher is told too).
    /// Null if the participant is not here, false if it publishes no such track.
    /// </summary>
    public Task<bool?> SetTrackMutedByAdminAsync(string participantId, string trackId, bool muted) => Enqueue("admin mute", async () =>
    {
        if (!_participants.TryGetValue(participantId, out var participant))
        {
            return (bool?)null;
        }

        var track = participant.PublishedByMid.Values.FirstOrDefault(t => t.TrackId == trackId);
        if (track is null)
        {
            return false;
        }

        await ApplyMuteAsync(participant, track, muted);
        participant.Notifier?.TrackMuted(participant.Id, trackId, muted);
        return true;
    });

    /// <summary>Tells the room-events listener (webhooks) what happened.</summary>
    private void RaiseEvent(string type, Participant participant, PublishedTrackEntry? track = null, string? reason = null)
        => _manager.Events.Publish(new RoomEvent(
            type, Name, _time.GetUtcNow(), participant.Id, participant.Identity, participant.Name,
            track?.TrackId, track?.Kind, track?.Source, reason));
}
