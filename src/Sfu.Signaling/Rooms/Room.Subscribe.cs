using Sfu.Core.Dtls;
using Sfu.Core.Forwarding;
using Sfu.Core.Sdp;
using Sfu.Signaling.Contracts;

namespace Sfu.Signaling.Rooms;

/// <summary>The subscriber connection: the client's answers to the server's offers, and its preferences per track.</summary>
public sealed partial class Room
{
    /// <summary>
    /// Applies the client's answer to the pending subscriber offer: each section that still carries the track the offer
    /// showed gets a down-track (or <c>TrackUnavailable</c> when no codec fits); a change made meanwhile is offered next.
    /// </summary>
    public Task SubscriberAnswerAsync(Participant participant, SubscriberAnswerRequest request) => Enqueue("subscriber answer", async () =>
    {
        RequirePresent(participant);
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
            var fingerprint = RemoteFingerprint(first is null ? answer.Fingerprints : answer.EffectiveFingerprints(first));
            await Worker.InvokeAsync(() => { subscriber.ConfigureDtls(role, fingerprint); return true; });
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
            participant.Touch();
        }

        if (participant.NeedsRenegotiation)
        {
            participant.NeedsRenegotiation = false;
            await RenegotiateAsync(participant);
        }
    });

    /// <summary>
    /// Applies a subscriber's preference for one track: paused, and the layer limits (maximum spatial layer, width,
    /// height). The three limits are set together: a preference giving any of them replaces all three (one left out
    /// is no limit); one giving none leaves them. They are kept on the section, so a down-track made later (after a
    /// resume or a renegotiation) starts with them.
    /// </summary>
    public Task SetSubscriptionPreferenceAsync(Participant participant, SubscriptionPreference preference) => Enqueue("subscription preference", async () =>
    {
        RequirePresent(participant);
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
    });
}
