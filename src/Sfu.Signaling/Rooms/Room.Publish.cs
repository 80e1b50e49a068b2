using Sfu.Core.Bwe;
using Sfu.Core.Dtls;
using Sfu.Core.Forwarding;
using Sfu.Core.Ice;
using Sfu.Core.Sdp;
using Sfu.Core.Transport;
using Sfu.Signaling.Contracts;
using Sfu.Signaling.Events;

namespace Sfu.Signaling.Rooms;

/// <summary>The publisher connection: the client offers what it sends, the server answers and routes it.</summary>
public sealed partial class Room
{
    /// <summary>
    /// Answers the participant's publisher offer: tracks of m-sections that now send are published (others get
    /// <c>TrackPublished</c> and a subscriber offer), tracks of m-sections that stopped sending are unpublished.
    /// </summary>
    public Task<PublishResponse> PublishAsync(Participant participant, PublishRequest request) => Enqueue("publish", async () =>
    {
        RequirePresent(participant);
        if (!SdpParser.TryParse(request.Sdp, out var offer, out var error) || offer is null)
        {
            throw new RoomException($"The publish offer is not valid SDP: {error}");
        }

        var declared = request.Tracks.ToDictionary(t => t.Mid, StringComparer.Ordinal);
        var remoteUfrag = offer.Media.Select(m => offer.EffectiveIceUfrag(m)).FirstOrDefault(u => u is not null);
        bool restart = participant.Publisher is not null && remoteUfrag != participant.PublisherRemoteUfrag;
        var ice = participant.Publisher is null || restart ? IceCredentials.Generate() : participant.Publisher.LocalIce;

        var options = new AnswerOptions
        {
            IceUfrag = ice.Ufrag,
            IcePwd = ice.Password,
            Fingerprint = LocalFingerprint(),
            DirectionSelector = m => m.Direction.Sends() ? MediaDirection.RecvOnly : MediaDirection.Inactive,
            DataChannelMaxMessageSize = DataChannelMaxMessageSize,
        };
        options.Candidates.AddRange(_engine.GetCandidates(Worker));
        var result = SdpNegotiator.CreateAnswer(offer, options);
        var remoteFingerprint = RemoteFingerprint(result.RemoteFingerprints);
        var role = result.LocalSetup == DtlsSetup.Active ? DtlsRole.Client : DtlsRole.Server;

        var sending = result.Media
            .Where(m => m.Accepted && m.Mid is not null && m.RemoteDirection.Sends() && (m.Kind == MediaKinds.Audio || m.Kind == MediaKinds.Video))
            .ToList();
        participant.Require(participant.Grants.CanPublish || sending.Count == 0, "publish", "canPublish"); // data channels alone need no canPublish
        var added = sending.Where(m => !participant.PublishedByMid.ContainsKey(m.Mid!)).ToList();
        if (sending.Count > _options.MaxTracksPerParticipant) // after this offer, exactly the sending m-sections are published
        {
            throw new RoomException($"At most {_options.MaxTracksPerParticipant} tracks may be published at once.");
        }

        foreach (var m in added)
        {
            if (declared.TryGetValue(m.Mid!, out var d) && d.Kind != m.Kind)
            {
                throw new RoomException($"Track for mid '{m.Mid}' is declared as {d.Kind} but the offer's m-section is {m.Kind}.");
            }
        }

        // The transport: created with the first offer, ICE restarted when the client's credentials change.
        participant.PublisherRemoteUfrag = remoteUfrag;
        if (participant.Publisher is null)
        {
            participant.Publisher = await Worker.InvokeAsync(() => Worker.CreateTransport(
                new WebRtcTransportOptions { LocalIce = ice, DtlsRole = role, RemoteFingerprint = remoteFingerprint, Name = $"{participant.Id}/pub" },
                _listener));
        }
        else if (restart)
        {
            var transport = participant.Publisher;
            await Worker.InvokeAsync(() => { transport.RestartIce(ice); return true; });
        }

        await AttachDataAsync(participant, result);
        var gone = participant.PublishedByMid.Values.Where(t => sending.All(s => s.Mid != t.Mid)).ToList();
        foreach (var track in gone)
        {
            await UnpublishAsync(participant, track);
        }

        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var m in added)
        {
            declared.TryGetValue(m.Mid!, out var d);
            var entry = new PublishedTrackEntry
            {
                TrackId = NewId("TR_"),
                Owner = participant,
                Mid = m.Mid!,
                Kind = m.Kind,
                Source = d?.Source ?? (m.Kind == MediaKinds.Audio ? TrackSources.Microphone : TrackSources.Camera),
                Name = d?.Name,
                Width = d?.Width,
                Height = d?.Height,
                Simulcast = m.Rids.Count > 1,
                Codecs = m.Codecs,
            };
            var publisher = participant.Publisher;
            var parameters = PublishedParameters(entry, m);
            // Microphones tell who speaks (screen audio does not: a shared video is not its sharer speaking).
            string? speakerId = entry.Kind == MediaKinds.Audio && entry.Source == TrackSources.Microphone ? participant.Id : null;
            entry.RouterTrack = await Worker.InvokeAsync(() =>
            {
                var track = Router.AddPublishedTrack(publisher, parameters);
                if (speakerId is not null)
                {
                    Router.ActiveSpeakers.Observe(track, speakerId);
                }

                return track;
            });
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
        if (track.RouterTrack is { } routerTrack)
        {
            await Worker.InvokeAsync(() => { Router.SetMuted(routerTrack, muted); return true; });
        }

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
        if (track.RouterTrack is { } routerTrack)
        {
            await Worker.InvokeAsync(() => { Router.RemovePublishedTrack(routerTrack); return true; });
        }

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

    private static PublishedTrackParameters PublishedParameters(PublishedTrackEntry entry, NegotiatedMedia m)
    {
        var fid = new Dictionary<uint, uint>();
        foreach (var ssrc in m.RemoteSsrcs)
        {
            if (m.RemoteRtxSsrcFor(ssrc) is uint rtx)
            {
                fid[ssrc] = rtx;
            }
        }

        var rtxSsrcs = new HashSet<uint>(fid.Values);
        return new PublishedTrackParameters
        {
            TrackId = entry.TrackId,
            Kind = entry.Kind == MediaKinds.Audio ? MediaKind.Audio : MediaKind.Video,
            Mid = entry.Mid,
            Codecs = m.Codecs,
            HeaderExtensions = m.HeaderExtensions,
            Rids = m.Rids,
            DeclaredSsrcs = m.RemoteSsrcs.Where(s => !rtxSsrcs.Contains(s)).ToList(),
            RtxSsrcs = fid,
            Source = entry.Source == TrackSources.ScreenShare ? TrackSource.ScreenShare : TrackSource.Camera,
            Width = entry.Width is > 0 ? entry.Width : null,
            Height = entry.Height is > 0 ? entry.Height : null,
        };
    }

    private SdpFingerprint LocalFingerprint() => SdpFingerprints.ToSdp(_engine.Certificate.Fingerprint);

    internal static DtlsFingerprint RemoteFingerprint(IReadOnlyList<SdpFingerprint> fingerprints)
        => SdpFingerprints.TryPick(fingerprints, out var fingerprint) ? fingerprint : throw new RoomException(SdpFingerprints.MissingMessage);
}
