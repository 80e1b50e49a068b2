using Sfu.Core.Bwe;
using Sfu.Core.Dtls;
using Sfu.Core.Forwarding;
using Sfu.Core.Ice;
using Sfu.Core.Sdp;
using Sfu.Core.Transport;
using Sfu.Signaling.Contracts;
using Sfu.Signaling.Data;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// The publisher connections of a room's participants: answering a publisher offer (the client offers what it sends,
/// the server receives it), creating the publisher transport or restarting its ICE, and adding, removing and muting
/// published tracks in the router. The counterpart of <see cref="SubscriberNegotiator"/>. Owned by one
/// <see cref="Room"/> and used only on its loop; media state is touched through the worker. The room tells the others.
/// </summary>
internal sealed class PublisherNegotiator
{
    private readonly MediaEngine _engine;
    private readonly MediaWorker _worker;
    private readonly RoomRouter _router;
    private readonly RoomTransportListener _listener;
    private readonly RoomOptions _options;

    /// <summary>Negotiates the publisher connections of a room whose router runs on <paramref name="worker"/>.</summary>
    public PublisherNegotiator(MediaEngine engine, MediaWorker worker, RoomRouter router, RoomTransportListener listener, RoomOptions options)
    {
        _engine = engine;
        _worker = worker;
        _router = router;
        _listener = listener;
        _options = options;
    }

    /// <summary>
    /// On the loop: answers <paramref name="participant"/>'s publisher offer and creates its transport (or restarts its
    /// ICE when the client's credentials changed). Returns the answer and the m-sections that send audio or video;
    /// refuses an offer the participant may not publish, one with too many tracks or one whose new tracks are declared
    /// with another kind.
    /// </summary>
    public async Task<(SdpAnswerResult Result, List<NegotiatedMedia> Sending)> AnswerAsync(
        Participant participant, string sdp, IReadOnlyDictionary<string, PublishTrack> declared)
    {
        if (!SdpParser.TryParse(sdp, out var offer, out var error) || offer is null)
        {
            throw new RoomException($"The publish offer is not valid SDP: {error}");
        }

        var remoteUfrag = offer.Media.Select(m => offer.EffectiveIceUfrag(m)).FirstOrDefault(u => u is not null);
        bool restart = participant.Publisher is not null && remoteUfrag != participant.PublisherRemoteUfrag;
        var ice = participant.Publisher is null || restart ? IceCredentials.Generate() : participant.Publisher.LocalIce;

        var options = new AnswerOptions
        {
            IceUfrag = ice.Ufrag,
            IcePwd = ice.Password,
            Fingerprint = SdpFingerprints.ToSdp(_engine.Certificate.Fingerprint),
            DirectionSelector = m => m.Direction.Sends() ? MediaDirection.RecvOnly : MediaDirection.Inactive,
            DataChannelMaxMessageSize = DataChannelMaxMessageSize,
        };
        options.Candidates.AddRange(_engine.GetCandidates(_worker));
        var result = SdpNegotiator.CreateAnswer(offer, options);
        var remoteFingerprint = Room.RemoteFingerprint(result.RemoteFingerprints);
        var role = result.LocalSetup == DtlsSetup.Active ? DtlsRole.Client : DtlsRole.Server;

        var sending = result.Media
            .Where(m => m.Accepted && m.Mid is not null && m.RemoteDirection.Sends() && (m.Kind == MediaKinds.Audio || m.Kind == MediaKinds.Video))
            .ToList();
        participant.Require(participant.Grants.CanPublish || sending.Count == 0, "publish", "canPublish"); // data channels alone need no canPublish
        if (sending.Count > _options.MaxTracksPerParticipant) // after this offer, exactly the sending m-sections are published
        {
            throw new RoomException($"At most {_options.MaxTracksPerParticipant} tracks may be published at once.");
        }

        foreach (var m in sending)
        {
            if (!participant.PublishedByMid.ContainsKey(m.Mid!) && declared.TryGetValue(m.Mid!, out var d) && d.Kind != m.Kind)
            {
                throw new RoomException($"Track for mid '{m.Mid}' is declared as {d.Kind} but the offer's m-section is {m.Kind}.");
            }
        }

        // The transport: created with the first offer, ICE restarted when the client's credentials change.
        participant.PublisherRemoteUfrag = remoteUfrag;
        if (participant.Publisher is null)
        {
            participant.Publisher = await _worker.InvokeAsync(() => _worker.CreateTransport(
                new WebRtcTransportOptions { LocalIce = ice, DtlsRole = role, RemoteFingerprint = remoteFingerprint, Name = $"{participant.Id}/pub" },
                _listener));
        }
        else if (restart)
        {
            var transport = participant.Publisher;
            await _worker.InvokeAsync(() => { transport.RestartIce(ice); return true; });
        }

        return (result, sending);
    }

    /// <summary>
    /// On the loop: publishes <paramref name="participant"/>'s m-section <paramref name="m"/> in the router, as declared
    /// by <paramref name="declared"/> if it was; the entry is not yet in the participant's tracks.
    /// </summary>
    public async Task<PublishedTrackEntry> AddTrackAsync(Participant participant, NegotiatedMedia m, PublishTrack? declared)
    {
        var entry = new PublishedTrackEntry
        {
            TrackId = Room.NewId("TR_"),
            Owner = participant,
            Mid = m.Mid!,
            Kind = m.Kind,
            Source = declared?.Source ?? (m.Kind == MediaKinds.Audio ? TrackSources.Microphone : TrackSources.Camera),
            Name = declared?.Name,
            Width = declared?.Width,
            Height = declared?.Height,
            Simulcast = m.Rids.Count > 1,
            Codecs = m.Codecs,
        };
        var publisher = participant.Publisher!; // created by AnswerAsync
        var parameters = Parameters(entry, m);
        // Microphones tell who speaks (screen audio does not: a shared video is not its sharer speaking).
        string? speakerId = entry.Kind == MediaKinds.Audio && entry.Source == TrackSources.Microphone ? participant.Id : null;
        entry.RouterTrack = await _worker.InvokeAsync(() =>
        {
            var track = _router.AddPublishedTrack(publisher, parameters);
            if (speakerId is not null)
            {
                _router.ActiveSpeakers.Observe(track, speakerId);
            }

            return track;
        });
        return entry;
    }

    /// <summary>On the loop: removes <paramref name="track"/> from the router (which closes its down-tracks), if it is there.</summary>
    public async Task RemoveTrackAsync(PublishedTrackEntry track)
    {
        if (track.RouterTrack is { } routerTrack)
        {
            await _worker.InvokeAsync(() => { _router.RemovePublishedTrack(routerTrack); return true; });
        }
    }

    /// <summary>On the loop: mutes or unmutes <paramref name="track"/> in the router, if it is there.</summary>
    public async Task SetMutedAsync(PublishedTrackEntry track, bool muted)
    {
        if (track.RouterTrack is { } routerTrack)
        {
            await _worker.InvokeAsync(() => { _router.SetMuted(routerTrack, muted); return true; });
        }
    }

    /// <summary>What a publisher answer says about data channels: accepted when room data is enabled.</summary>
    private ulong? DataChannelMaxMessageSize => _options.Data.Enabled
        ? (ulong)(_options.Data.MaxMessageBytes + DataMessageWriter.MaxHeaderLength + 1024)
        : null;

    private static PublishedTrackParameters Parameters(PublishedTrackEntry entry, NegotiatedMedia m)
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
}
