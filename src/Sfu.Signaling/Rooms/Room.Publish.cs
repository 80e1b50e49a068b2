using Sfu.Core.Dtls;
using Sfu.Core.Sdp;
using Sfu.Core.Transport;
using Sfu.Signaling.Contracts;
using Sfu.Signaling.Events;

namespace Sfu.Signaling.Rooms;

/// <summary>The publisher connection: the client offers what it sends, the server answers and routes it (<see cref="PublisherNegotiator"/>).</summary>
public sealed partial class Room
{
    /// <summary>
    /// Answers the participant's publisher offer: tracks of m-sections that now send are published (others get
    /// <c>TrackPublished</c> and a subscriber offer), tracks of m-sections that stopped sending are unpublished.
    /// </summary>
    public Task<PublishResponse> PublishAsync(Participant participant, PublishRequest request) => Enqueue("publish", async () =>
    {
        RequirePresent(participant);
        var declared = request.Tracks.ToDictionary(t => t.Mid, StringComparer.Ordinal);
        var (result, sending) = await _publishers.AnswerAsync(participant, request.Sdp, declared);
        var added = sending.Where(m => !participant.PublishedByMid.ContainsKey(m.Mid!)).ToList();
        await _data.AttachAsync(participant, result);
        var gone = participant.PublishedByMid.Values.Where(t => sending.All(s => s.Mid != t.Mid)).ToList();
        foreach (var track in gone)
        {
            await UnpublishAsync(participant, track);
        }

        foreach (var m in added)
        {
            declared.TryGetValue(m.Mid!, out var d);
            var entry = await _publishers.AddTrackAsync(participant, m, d);
            participant.PublishedByMid[entry.Mid] = entry;
            participant.Touch();
            _manager.SignalingMetrics.TrackPublished();
            RoomLog.Published(_logger, participant.Id, entry.Kind, entry.TrackId, entry.Source);
            RaiseEvent(RoomEventTypes.TrackPublished, participant, entry);
            var info = entry.ToInfo();
            foreach (var other in Others(participant))
            {
                other.Notifier?.TrackPublished(participant.Id, info);
                _subscribers.AddSection(other, entry);
            }
        }

        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var m in sending)
        {
            ids[m.Mid!] = participant.PublishedByMid[m.Mid!].TrackId;
        }

        if (added.Count > 0 || gone.Count > 0)
        {
            foreach (var other in Others(participant))
            {
                await _subscribers.RenegotiateAsync(other);
            }
        }

        return new PublishResponse(SdpWriter.Write(result.Answer), ids);
    });

    /// <summary>The publisher mutes or unmutes its own track; the others get <c>TrackMuted</c>.</summary>
    public Task SetMutedAsync(Participant participant, MuteRequest request) => Enqueue("mute", async () =>
    {
        RequirePresent(participant);
        participant.Require(participant.Grants.CanPublish, "mute or unmute tracks", "canPublish");
        var track = participant.PublishedByMid.Values.FirstOrDefault(t => t.TrackId == request.TrackId)
            ?? throw new RoomException($"You publish no track '{request.TrackId}'.");
        await ApplyMuteAsync(participant, track, request.Muted);
    });

    /// <summary>On the loop: mutes or unmutes a track in the router and tells the others; false if it already was.</summary>
    private async Task<bool> ApplyMuteAsync(Participant participant, PublishedTrackEntry track, bool muted)
    {
        if (track.Muted == muted)
        {
            return false;
        }

        track.Muted = muted;
        participant.Touch();
        await _publishers.SetMutedAsync(track, muted);
        foreach (var other in Others(participant))
        {
            other.Notifier?.TrackMuted(participant.Id, track.TrackId, muted);
        }

        return true;
    }

    /// <summary>Refuses a request of a participant that already left (removed by an admin, replaced, the grace period passed).</summary>
    private static void RequirePresent(Participant participant)
    {
        if (participant.Left)
        {
            throw new RoomException("You have left the room; join again.");
        }
    }

    /// <summary>
    /// On the loop: removes a published track from the router and marks its sections in everyone's subscriber
    /// connection inactive. The caller renegotiates the others.
    /// </summary>
    private async Task UnpublishAsync(Participant participant, PublishedTrackEntry track)
    {
        if (participant.PublishedByMid.Remove(track.Mid))
        {
            _manager.SignalingMetrics.TrackUnpublished();
        }

        participant.Touch();
        await _publishers.RemoveTrackAsync(track);
        RoomLog.Unpublished(_logger, participant.Id, track.TrackId);
        RaiseEvent(RoomEventTypes.TrackUnpublished, participant, track);
        foreach (var other in Others(participant))
        {
            foreach (var section in other.Sections)
            {
                if (section.Track == track)
                {
                    section.Release(); // the router closed its down-track with the track
                    other.Touch();
                }
            }

            other.Notifier?.TrackUnpublished(participant.Id, track.TrackId);
        }
    }

    internal static DtlsFingerprint RemoteFingerprint(IReadOnlyList<SdpFingerprint> fingerprints)
        => SdpFingerprints.TryPick(fingerprints, out var fingerprint) ? fingerprint : throw new RoomException(SdpFingerprints.MissingMessage);
}
