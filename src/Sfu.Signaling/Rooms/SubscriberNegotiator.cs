using System.Globalization;
using Microsoft.Extensions.Logging;
using Sfu.Core.Dtls;
using Sfu.Core.Forwarding;
using Sfu.Core.Ice;
using Sfu.Core.Sdp;
using Sfu.Core.Transport;
using Sfu.Signaling.Contracts;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// The subscriber connections of a room's participants: which m-section carries which remote track, sending a new
/// offer when that changes, applying the client's answer (a down-track per section it accepted) and its preferences
/// per track. A new track takes a free (inactive) m-section of its kind before a new one is appended, so a
/// subscriber's SDP is as large as the most tracks it received at once, however many came and went. Owned by one
/// <see cref="Room"/> and used only on its loop; media state (transports, down-tracks) is touched through the worker.
/// </summary>
internal sealed class SubscriberNegotiator
{
    private readonly MediaEngine _engine;
    private readonly MediaWorker _worker;
    private readonly RoomRouter _router;
    private readonly RoomTransportListener _listener;
    private readonly RoomOptions _options;
    private readonly ILogger _logger;

    /// <summary>Negotiates the subscriber connections of a room whose router runs on <paramref name="worker"/>.</summary>
    public SubscriberNegotiator(MediaEngine engine, MediaWorker worker, RoomRouter router, RoomTransportListener listener, RoomOptions options, ILogger logger)
    {
        _engine = engine;
        _worker = worker;
        _router = router;
        _listener = listener;
        _options = options;
        _logger = logger;
    }

    /// <summary>On the loop: gives <paramref name="participant"/> an m-section for <paramref name="track"/>.</summary>
    public void AddSection(Participant participant, PublishedTrackEntry track)
    {
        if (!participant.Grants.CanSubscribe)
        {
            return; // no canSubscribe grant: this participant is offered no tracks
        }

        var codecs = SubscriberCodecs.ForSubscriber(track.Codecs, _options.Nack);
        if (codecs.Count == 0 || participant.Sections.Exists(s => s.Track == track))
        {
            return; // a codec the server cannot offer to subscribers (not in SubscriberCodecs' table)
        }

        var section = participant.Sections.Find(s => s.Kind == track.Kind && s.IsFree);
        if (section is null)
        {
            section = new SubscriberSection(participant.Sections.Count.ToString(CultureInfo.InvariantCulture), track.Kind);
            participant.Sections.Add(section);
        }

        uint ssrc = UnusedSsrc(participant, 0);
        uint? rtx = codecs.Exists(c => c.RtxPayloadType is not null) ? UnusedSsrc(participant, ssrc) : null;
        section.Assign(track, codecs, ssrc, rtx);
    }

    /// <summary>A random SSRC no section of <paramref name="participant"/> sends with (nor <paramref name="also"/>).</summary>
    private static uint UnusedSsrc(Participant participant, uint also)
    {
        while (true)
        {
            uint ssrc = Room.NewSsrc();
            if (ssrc != also && !participant.Sections.Exists(s => s.Track is not null && (s.Ssrc == ssrc || s.RtxSsrc == ssrc)))
            {
                return ssrc;
            }
        }
    }

    /// <summary>
    /// On the loop, when <paramref name="participant"/> resumed on a new connection: offers sent while away were lost
    /// with the old connection, so it is offered again, with new ICE credentials so that its subscriber connection
    /// restarts ICE.
    /// </summary>
    public Task OfferAgainAsync(Participant participant) => RestartIceAsync(participant);

    /// <summary>
    /// On the loop: restarts ICE on <paramref name="participant"/>'s subscriber connection: new ICE credentials for its
    /// transport (checks must name them from now on; DTLS and SRTP stay) and a new offer carrying them, which replaces
    /// any offer still pending. Its answer is handled like any other.
    /// </summary>
    public async Task RestartIceAsync(Participant participant)
    {
        participant.PendingOffer = null;
        participant.NeedsRenegotiation = false;
        participant.LastOfferedSignature = null;
        if (participant.Subscriber is not null)
        {
            var ice = IceCredentials.Generate();
            var subscriber = participant.Subscriber;
            await _worker.InvokeAsync(() => { subscriber.RestartIce(ice); return true; });
            participant.SubscriberIce = ice;
        }

        await RenegotiateAsync(participant);
    }

    /// <summary>On the loop: sends a new subscriber offer when the sections changed since the last one.</summary>
    public async Task RenegotiateAsync(Participant participant)
    {
        if (participant.Left || participant.Notifier is null || participant.Sections.Count == 0)
        {
            return;
        }

        if (participant.PendingOffer is not null)
        {
            participant.NeedsRenegotiation = true;
            return;
        }

        var signature = string.Join(",", participant.Sections.Select(s => s.Mid + "=" + (s.Track?.TrackId ?? "-")));
        if (signature == participant.LastOfferedSignature)
        {
            return;
        }

        if (participant.Subscriber is null)
        {
            var ice = IceCredentials.Generate();
            participant.SubscriberIce = ice;
            participant.Subscriber = await _worker.InvokeAsync(() => _worker.CreateTransport(
                new WebRtcTransportOptions { LocalIce = ice, Name = $"{participant.Id}/sub" },
                _listener));
        }

        var options = new OfferOptions
        {
            IceUfrag = participant.SubscriberIce!.Ufrag,
            IcePwd = participant.SubscriberIce.Password,
            Fingerprint = SdpFingerprints.ToSdp(_engine.Certificate.Fingerprint),
            SessionId = participant.SubscriberSessionId,
            SessionVersion = (ulong)(participant.OfferVersion + 1),
        };
        options.Candidates.AddRange(_engine.GetCandidates(_worker));
        foreach (var s in participant.Sections)
        {
            var section = new MediaOfferSection
            {
                Mid = s.Mid,
                Kind = s.Kind,
                Direction = s.Track is null ? MediaDirection.Inactive : MediaDirection.SendOnly,
                Ssrc = s.Track is null ? null : s.Ssrc,
                RtxSsrc = s.Track is null ? null : s.RtxSsrc,
                Cname = s.Track?.Owner.Id,
                StreamId = s.Track?.Owner.Id,
                TrackId = s.Track?.TrackId,
            };
            section.Codecs.AddRange(s.Codecs);
            foreach (var (uri, id) in SubscriberCodecs.HeaderExtensions(s.Kind))
            {
                section.HeaderExtensions[uri] = id;
            }

            options.Sections.Add(section);
            s.OfferedTrack = s.Track;
        }

        var offer = SdpNegotiator.CreateOffer(options);
        participant.OfferVersion++;
        participant.PendingOffer = offer;
        participant.LastOfferedSignature = signature;
        var tracks = participant.Sections
            .Where(s => s.Track is not null)
            .Select(s => new SubscribedTrack(s.Mid, s.Track!.TrackId, s.Track.Owner.Id, s.Track.Kind, s.Track.Source))
            .ToList();
        participant.Notifier?.SubscriberOffer(new SubscriberOffer(participant.OfferVersion, SdpWriter.Write(offer), tracks));
    }

    /// <summary>
    /// Applies the client's answer to the pending subscriber offer: each section that still carries the track the offer
    /// showed gets a down-track (or <c>TrackUnavailable</c> when no codec fits); a change made meanwhile is offered next.
    /// </summary>
    public async Task ApplyAnswerAsync(Participant participant, SubscriberAnswerRequest request)
    {
        if (participant.PendingOffer is not { } offer || request.Version != participant.OfferVersion)
        {
            if (request.Version < participant.OfferVersion)
            {
                return; // an answer to an offer that a newer one replaced
            }

            throw new RoomException($"No subscriber offer version {request.Version} is pending (the latest is {participant.OfferVersion}); answer the latest SubscriberOffer.");
        }

        if (!SdpParser.TryParse(request.Sdp, out var answer, out var error) || answer is null)
        {
            throw new RoomException($"The subscriber answer is not valid SDP: {error}");
        }

        IReadOnlyList<NegotiatedMedia> media;
        try
        {
            media = SdpNegotiator.ProcessAnswer(offer, answer);
        }
        catch (ArgumentException e)
        {
            throw new RoomException($"The subscriber answer does not fit the offer: {e.Message}");
        }

        var subscriber = participant.Subscriber!;
        if (!subscriber.IsDtlsConfigured)
        {
            var first = answer.Media.FirstOrDefault();
            var setup = first is null ? null : answer.EffectiveSetup(first);
            var role = setup == DtlsSetup.Passive ? DtlsRole.Client : DtlsRole.Server;
            var fingerprint = Room.RemoteFingerprint(first is null ? answer.Fingerprints : answer.EffectiveFingerprints(first));
            await _worker.InvokeAsync(() => { subscriber.ConfigureDtls(role, fingerprint); return true; });
        }

        participant.PendingOffer = null;
        var byMid = new Dictionary<string, NegotiatedMedia>(StringComparer.Ordinal);
        foreach (var m in media)
        {
            if (m.Mid is not null)
            {
                byMid.TryAdd(m.Mid, m);
            }
        }

        foreach (var section in participant.Sections)
        {
            // Only what the answered offer showed: a track that took the section after the offer waits for the next one.
            if (section.Track is not { } track || section.OfferedTrack != track || section.DownTrack is not null || section.Unavailable is not null)
            {
                continue;
            }

            var routerTrack = track.RouterTrack;
            if (routerTrack is null || !track.Owner.PublishedByMid.ContainsKey(track.Mid))
            {
                continue;
            }

            byMid.TryGetValue(section.Mid, out var negotiated);
            if (negotiated is null || !negotiated.Accepted || !RoomRouter.CanSubscribe(routerTrack, negotiated.Codecs))
            {
                section.Unavailable = negotiated is null || negotiated.Accepted
                    ? $"none of your codecs can carry this {track.Kind} track"
                    : negotiated.RejectReason ?? "the answer rejected this m-section";
                RoomLog.TrackUnavailable(_logger, participant.Id, track.TrackId, section.Unavailable);
                participant.Notifier?.TrackUnavailable(track.TrackId, section.Unavailable);
                continue;
            }

            var parameters = new DownTrackParameters
            {
                Ssrc = section.Ssrc,
                RtxSsrc = section.RtxSsrc,
                Cname = track.Owner.Id,
                Codecs = negotiated.Codecs,
                HeaderExtensions = negotiated.HeaderExtensions,
                Mid = section.Mid,
            };
            bool paused = section.Paused;
            var (maxLayer, maxWidth, maxHeight, limited) = (section.MaxSpatialLayer, section.MaxWidth, section.MaxHeight, section.HasLayerPreference);
            section.DownTrack = await _worker.InvokeAsync(() =>
            {
                var down = _router.Subscribe(routerTrack, subscriber, parameters);
                down.Paused = paused;
                if (limited)
                {
                    down.SetPreferredLayers(maxLayer, maxWidth, maxHeight); // what the subscriber asked for before (resume, renegotiation)
                }

                return down;
            });
            participant.Touch();
        }

        if (participant.NeedsRenegotiation)
        {
            participant.NeedsRenegotiation = false;
            await RenegotiateAsync(participant);
        }
    }

    /// <summary>
    /// Applies a subscriber's preference for one track: paused, and the layer limits (maximum spatial layer, width,
    /// height). The three limits are set together: a preference giving any of them replaces all three (one left out
    /// is no limit); one giving none leaves them. They are kept on the section, so a down-track made later (after a
    /// resume or a renegotiation) starts with them.
    /// </summary>
    public async Task ApplyPreferenceAsync(Participant participant, SubscriptionPreference preference)
    {
        participant.Require(participant.Grants.CanSubscribe, "subscribe", "canSubscribe");
        var section = participant.Sections.FirstOrDefault(s => s.Track?.TrackId == preference.TrackId)
            ?? throw new RoomException($"You are not subscribed to a track '{preference.TrackId}'.");
        bool pauseChanged = preference.Paused is bool paused && paused != section.Paused;
        if (pauseChanged)
        {
            section.Paused = preference.Paused!.Value;
        }

        bool layersGiven = preference.MaxSpatialLayer is not null || preference.MaxWidth is not null || preference.MaxHeight is not null;
        bool layersChanged = layersGiven
            && (preference.MaxSpatialLayer != section.MaxSpatialLayer || preference.MaxWidth != section.MaxWidth || preference.MaxHeight != section.MaxHeight);
        if (layersChanged)
        {
            section.MaxSpatialLayer = preference.MaxSpatialLayer;
            section.MaxWidth = preference.MaxWidth;
            section.MaxHeight = preference.MaxHeight;
        }

        if ((pauseChanged || layersChanged) && section.DownTrack is { } down)
        {
            bool pause = section.Paused;
            var (maxLayer, maxWidth, maxHeight) = (section.MaxSpatialLayer, section.MaxWidth, section.MaxHeight);
            await _worker.InvokeAsync(() =>
            {
                // Limits first: resuming then asks for a keyframe of the layer they lead to.
                if (layersChanged)
                {
                    down.SetPreferredLayers(maxLayer, maxWidth, maxHeight);
                }

                if (pauseChanged)
                {
                    down.Paused = pause;
                }

                return true;
            });
        }
    }
}
