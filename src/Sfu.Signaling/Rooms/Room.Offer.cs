using System.Globalization;
using Sfu.Core.Ice;
using Sfu.Core.Sdp;
using Sfu.Core.Transport;
using Sfu.Signaling.Contracts;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// The subscriber offer: which m-section carries which remote track, and sending a new offer when that changes.
/// A new track takes a free (inactive) m-section of its kind before a new one is appended, so a subscriber's SDP is
/// as large as the most tracks it received at once, however many came and went.
/// </summary>
public sealed partial class Room
{
    /// <summary>On the loop: gives <paramref name="participant"/> an m-section for <paramref name="track"/>.</summary>
    private void AddSection(Participant participant, PublishedTrackEntry track)
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
            uint ssrc = NewSsrc();
            if (ssrc != also && !participant.Sections.Exists(s => s.Track is not null && (s.Ssrc == ssrc || s.RtxSsrc == ssrc)))
            {
                return ssrc;
            }
        }
    }

    /// <summary>On the loop: sends a new subscriber offer when the sections changed since the last one.</summary>
    private async Task RenegotiateAsync(Participant participant)
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
}
