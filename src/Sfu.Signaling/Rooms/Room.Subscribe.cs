using System.Globalization;
using Microsoft.AspNetCore.SignalR;
using Sfu.Core.Dtls;
using Sfu.Core.Forwarding;
using Sfu.Core.Ice;
using Sfu.Core.Sdp;
using Sfu.Core.Transport;
using Sfu.Signaling.Contracts;

namespace Sfu.Signaling.Rooms;

/// <summary>The subscriber connection: the server offers the room's tracks, the client answers.</summary>
public sealed partial class Room
{
    public async Task SubscriberAnswerAsync(Participant participant, SubscriberAnswerRequest request)
    {
        await Gate.WaitAsync();
        try
        {
            if (participant.Left)
            {
                throw new HubException("You have left the room; join again.");
            }

            if (participant.PendingOffer is not { } offer || request.Version != participant.OfferVersion)
            {
                if (request.Version < participant.OfferVersion)
                {
                    return; // an answer to an offer that a newer one replaced
                }

                throw new HubException($"No subscriber offer version {request.Version} is pending (the latest is {participant.OfferVersion}); answer the latest SubscriberOffer.");
            }

            if (!SdpParser.TryParse(request.Sdp, out var answer, out var error) || answer is null)
            {
                throw new HubException($"The subscriber answer is not valid SDP: {error}");
            }

            IReadOnlyList<NegotiatedMedia> media;
            try
            {
                media = SdpNegotiator.ProcessAnswer(offer, answer);
            }
            catch (ArgumentException e)
            {
                throw new HubException($"The subscriber answer does not fit the offer: {e.Message}");
            }

            var subscriber = participant.Subscriber!;
            if (!subscriber.IsDtlsConfigured)
            {
                var first = answer.Media.FirstOrDefault();
                var setup = first is null ? null : answer.EffectiveSetup(first);
                var role = setup == DtlsSetup.Passive ? DtlsRole.Client : DtlsRole.Server;
                var fingerprint = RemoteFingerprint(first is null ? answer.Fingerprints : answer.EffectiveFingerprints(first));
                await Worker.InvokeAsync(() => { subscriber.ConfigureDtls(role, fingerprint); return true; });
            }

            participant.PendingOffer = null;
            foreach (var section in participant.Sections)
            {
                if (section.Track is not { } track || section.DownTrack is not null || section.Unavailable is not null)
                {
                    continue;
                }

                var negotiated = media.FirstOrDefault(m => m.Mid == section.Mid);
                var routerTrack = track.RouterTrack;
                if (routerTrack is null || !track.Owner.PublishedByMid.ContainsKey(track.Mid))
                {
                    continue;
                }

                if (negotiated is null || !negotiated.Accepted || !RoomRouter.CanSubscribe(routerTrack, negotiated.Codecs))
                {
                    section.Unavailable = negotiated is null || negotiated.Accepted
                        ? $"none of your codecs can carry this {track.Kind} track"
                        : negotiated.RejectReason ?? "the answer rejected this m-section";
                    RoomLog.TrackUnavailable(_logger, participant.Id, track.TrackId, section.Unavailable);
                    var reason = section.Unavailable;
                    await Notify(participant, c => c.TrackUnavailable(track.TrackId, reason));
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
                section.DownTrack = await Worker.InvokeAsync(() =>
                {
                    var down = Router.Subscribe(routerTrack, subscriber, parameters);
                    down.Paused = paused;
                    if (limited)
                    {
                        down.SetPreferredLayers(maxLayer, maxWidth, maxHeight); // what the subscriber asked for before (resume, renegotiation)
                    }

                    return down;
                });
            }

            if (participant.NeedsRenegotiation)
            {
                participant.NeedsRenegotiation = false;
                await RenegotiateAsync(participant);
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// Applies a subscriber's preference for one track: paused, and the layer limits (maximum spatial layer, width,
    /// height). The three limits are set together: a preference giving any of them replaces all three (one left out
    /// is no limit); one giving none leaves them. They are kept on the section, so a down-track made later (after a
    /// resume or a renegotiation) starts with them.
    /// </summary>
    public async Task SetSubscriptionPreferenceAsync(Participant participant, SubscriptionPreference preference)
    {
        await Gate.WaitAsync();
        try
        {
            var section = participant.Sections.FirstOrDefault(s => s.Track?.TrackId == preference.TrackId)
                ?? throw new HubException($"You are not subscribed to a track '{preference.TrackId}'.");
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
                await Worker.InvokeAsync(() =>
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
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Under the gate: gives <paramref name="participant"/> an m-section for <paramref name="track"/>.</summary>
    private void AddSection(Participant participant, PublishedTrackEntry track)
    {
        if (!participant.Grants.CanSubscribe)
        {
            return; // no canSubscribe grant: this participant is offered no tracks
        }

        var codecs = SubscriberCodecs.ForSubscriber(track.Codecs, _options.Nack);
        if (codecs.Count == 0 || participant.Sections.Any(s => s.Track == track))
        {
            return; // a codec the server cannot offer to subscribers (not in SubscriberCodecs' table)
        }

        participant.Sections.Add(new SubscriberSection
        {
            Mid = participant.Sections.Count.ToString(CultureInfo.InvariantCulture),
            Kind = track.Kind,
            Ssrc = NewSsrc(),
            RtxSsrc = codecs.Exists(c => c.RtxPayloadType is not null) ? NewSsrc() : null,
            Codecs = codecs,
            Track = track,
        });
    }

    /// <summary>Under the gate: sends a new subscriber offer when the sections changed since the last one.</summary>
    private async Task RenegotiateAsync(Participant participant)
    {
        if (participant.Left || participant.ConnectionId is null || participant.Sections.Count == 0)
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
            participant.Subscriber = await Worker.InvokeAsync(() => Worker.CreateTransport(
                new WebRtcTransportOptions { LocalIce = ice, Name = $"{participant.Id}/sub" },
                _listener));
        }

        var options = new OfferOptions
        {
            IceUfrag = participant.SubscriberIce!.Ufrag,
            IcePwd = participant.SubscriberIce.Password,
            Fingerprint = LocalFingerprint(),
            SessionId = participant.SubscriberSessionId,
            SessionVersion = (ulong)(participant.OfferVersion + 1),
        };
        options.Candidates.AddRange(_engine.GetCandidates(Worker));
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
        }

        var offer = SdpNegotiator.CreateOffer(options);
        participant.OfferVersion++;
        participant.PendingOffer = offer;
        participant.LastOfferedSignature = signature;
        var tracks = participant.Sections
            .Where(s => s.Track is not null)
            .Select(s => new SubscribedTrack(s.Mid, s.Track!.TrackId, s.Track.Owner.Id, s.Track.Kind, s.Track.Source))
            .ToList();
        var message = new SubscriberOffer(participant.OfferVersion, SdpWriter.Write(offer), tracks);
        await Notify(participant, c => c.SubscriberOffer(message));
    }
}
