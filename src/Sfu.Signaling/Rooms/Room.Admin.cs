using Microsoft.AspNetCore.SignalR;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Contracts;
using Sfu.Signaling.Events;

namespace Sfu.Signaling.Rooms;

/// <summary>What the admin API does to a room: settings, removing participants, muting their tracks, changing grants; and room events (stats in Room.Stats.cs).</summary>
public sealed partial class Room
{
    /// <summary>This room's settings (given by an admin at creation, or the defaults).</summary>
    public RoomSettings Settings { get; internal init; } = new();

    /// <summary>Bumped whenever the room becomes empty; an empty-timeout timer only closes the room if it is still current.</summary>
    internal int EmptyGeneration { get; set; }

    /// <summary>The empty timeout ran out: the next empty check closes the room.</summary>
    internal bool EmptyTimeoutPassed { get; set; }

    /// <summary>The participant with <paramref name="participantId"/>, or null.</summary>
    public Participant? FindParticipant(string participantId)
        => Participants.FirstOrDefault(p => p.Id == participantId);

    /// <summary>Disconnects a participant (it gets <c>Disconnected(reason)</c>) and removes it; false if it is not here.</summary>
    public async Task<bool> RemoveAsync(string participantId, string reason)
    {
        await Gate.WaitAsync();
        try
        {
            if (!_participants.TryGetValue(participantId, out var participant))
            {
                return false;
            }

            await Notify(participant, c => c.Disconnected(reason));
            await RemoveParticipantAsync(participant, reason);
        }
        finally
        {
            Gate.Release();
        }

        _manager.RemoveIfEmpty(this);
        return true;
    }

    /// <summary>Changes a participant's metadata and/or grants (null leaves it as it is); false if it is not here.</summary>
    public async Task<bool> UpdateParticipantAsync(string participantId, string? metadata, ParticipantGrants? grants)
    {
        await Gate.WaitAsync();
        try
        {
            if (!_participants.TryGetValue(participantId, out var participant))
            {
                return false;
            }

            if (metadata is not null)
            {
                participant.Metadata = metadata;
            }

            if (grants is not null)
            {
                participant.Grants = grants;
            }

            return true;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// Mutes or unmutes a track a participant publishes, for everyone (the publisher is told too).
    /// Null if the participant is not here, false if it publishes no such track.
    /// </summary>
    public async Task<bool?> SetTrackMutedByAdminAsync(string participantId, string trackId, bool muted)
    {
        Participant? participant;
        await Gate.WaitAsync();
        try
        {
            if (!_participants.TryGetValue(participantId, out participant))
            {
                return null;
            }

            if (!participant.PublishedByMid.Values.Any(t => t.TrackId == trackId))
            {
                return false;
            }
        }
        finally
        {
            Gate.Release();
        }

        try
        {
            await SetMutedAsync(participant, new MuteRequest(trackId, muted));
        }
        catch (HubException)
        {
            return false; // unpublished meanwhile
        }

        await Notify(participant, c => c.TrackMuted(participant.Id, trackId, muted));
        return true;
    }

    /// <summary>Tells the room-events listener (webhooks) what happened.</summary>
    private void RaiseEvent(string type, Participant participant, PublishedTrackEntry? track = null, string? reason = null)
        => _manager.Events.Publish(new RoomEvent(
            type, Name, DateTimeOffset.UtcNow, participant.Id, participant.Identity, participant.Name,
            track?.TrackId, track?.Kind, track?.Source, reason));
}
