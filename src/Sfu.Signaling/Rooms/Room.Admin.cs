using Microsoft.AspNetCore.SignalR;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Contracts;
using Sfu.Signaling.Events;

namespace Sfu.Signaling.Rooms;

/// <summary>What the admin API does to a room: settings, removing participants, muting their tracks, changing grants, stats; and room events.</summary>
public sealed partial class Room
{
    private readonly Dictionary<string, (long Bytes, DateTimeOffset At)> _lastStats = new(StringComparer.Ordinal);

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

    /// <summary>Statistics of a participant's tracks, read on the room's worker; null if it is not here.</summary>
    public async Task<ParticipantStats?> GetStatsAsync(string participantId)
    {
        await Gate.WaitAsync();
        try
        {
            if (!_participants.TryGetValue(participantId, out var participant))
            {
                return null;
            }

            var published = participant.PublishedByMid.Values.Where(t => t.RouterTrack is not null).ToList();
            var sections = participant.Sections.Where(s => s.Track is not null && s.DownTrack is not null).ToList();
            var raw = await Worker.InvokeAsync(() => ReadStats(published, sections));
            var now = DateTimeOffset.UtcNow;
            var tracks = new List<TrackStats>(raw.Count);
            foreach (var s in raw)
            {
                var key = participant.Id + "/" + s.Direction + "/" + s.TrackId;
                long? bitrate = null;
                if (_lastStats.TryGetValue(key, out var last) && now > last.At && s.Bytes >= last.Bytes)
                {
                    bitrate = (long)((s.Bytes - last.Bytes) * 8 / (now - last.At).TotalSeconds);
                }

                _lastStats[key] = (s.Bytes, now);
                tracks.Add(s with { BitrateBps = bitrate });
            }

            return new ParticipantStats(participant.Id, now, tracks);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>On the worker: copies the counters of the router's receivers and down-tracks.</summary>
    private static List<TrackStats> ReadStats(List<PublishedTrackEntry> published, List<SubscriberSection> sections)
    {
        var result = new List<TrackStats>();
        foreach (var entry in published)
        {
            var track = entry.RouterTrack!;
            long packets = 0, bytes = 0, lost = 0, keyframeRequests = 0;
            double fraction = 0, jitter = 0;
            foreach (var layer in track.Layers)
            {
                packets += layer.PacketsReceived;
                bytes += layer.BytesReceived;
                lost += Math.Max(0, layer.PacketsLost);
                keyframeRequests += layer.KeyframeRequestsSent;
                fraction = Math.Max(fraction, layer.FractionLost);
                jitter = Math.Max(jitter, layer.Jitter);
            }

            result.Add(new TrackStats(entry.TrackId, "in", entry.Kind, packets, bytes, null, lost, fraction, jitter, null, keyframeRequests, null, track.Layers.Count, entry.Muted));
        }

        foreach (var section in sections)
        {
            var down = section.DownTrack!;
            result.Add(new TrackStats(
                section.Track!.TrackId, "out", section.Kind, down.PacketsSent, down.BytesSent, null, down.PacketsLost, down.FractionLost, down.Jitter,
                down.RoundTripTime?.TotalMilliseconds, down.KeyframeRequestsReceived, down.CurrentLayer, section.Track.RouterTrack?.Layers.Count ?? 1, section.Track.Muted));
        }

        return result;
    }

    /// <summary>Tells the room-events listener (webhooks) what happened.</summary>
    private void RaiseEvent(string type, Participant participant, PublishedTrackEntry? track = null, string? reason = null)
        => _manager.Events.Publish(new RoomEvent(
            type, Name, DateTimeOffset.UtcNow, participant.Id, participant.Identity, participant.Name,
            track?.TrackId, track?.Kind, track?.Source, reason));
}
