using Sfu.Core.Dtls;
using Sfu.Core.Ice;
using Sfu.Core.Rtp;
using Sfu.Core.Sdp;
using Sfu.Core.Transport;
using Sfu.Load.Media;
using Sfu.Load.Subscribing;
using Sfu.Signaling.Contracts;

namespace Sfu.Load.Sdp;

/// <summary>
/// Our answer to a <c>SubscriberOffer</c>, as a browser makes it: every m-section accepted with the codecs we share
/// (all of the server's), <c>recvonly</c>, <c>a=setup:active</c> (we are the DTLS client), our ICE credentials and
/// fingerprint and no candidates (the ICE-lite server learns our address from our checks). Transport-wide-cc (the
/// feedback and the extension) is answered only when the tool sends the feedback.
/// </summary>
public sealed record SubscriberAnswer(string Sdp, RemoteTransport Transport, IReadOnlyList<SubscribedSection> Sections)
{
    /// <summary>Answers <paramref name="offer"/>; throws <see cref="InvalidOperationException"/> when it cannot be answered.</summary>
    public static SubscriberAnswer Create(SubscriberOffer offer, IceCredentials ice, DtlsFingerprint fingerprint, CandidatePicker candidates, bool transportCc)
    {
        if (!SdpParser.TryParse(offer.Sdp, out var parsed, out var error) || parsed is null)
        {
            throw new InvalidOperationException($"Subscriber offer {offer.Version} does not parse: {error}");
        }

        var result = SdpNegotiator.CreateAnswer(parsed, new AnswerOptions
        {
            MediaCapabilities = Capabilities(transportCc),
            IceUfrag = ice.Ufrag,
            IcePwd = ice.Password,
            IceLite = false,
            Fingerprint = SdpFingerprints.ToSdp(fingerprint),
            Setup = DtlsSetup.Active,
        });
        if (result.RemoteIceUfrag is null || result.RemoteIcePwd is null)
        {
            throw new InvalidOperationException($"Subscriber offer {offer.Version} has no ICE credentials.");
        }

        if (!SdpFingerprints.TryPick(result.RemoteFingerprints, out var remoteFingerprint))
        {
            throw new InvalidOperationException(SdpFingerprints.MissingMessage);
        }

        var role = result.LocalSetup == DtlsSetup.Active ? DtlsRole.Client : DtlsRole.Server;
        var endPoint = candidates.Pick(parsed.Media.SelectMany(m => m.Candidates));
        var sections = new List<SubscribedSection>();
        foreach (var track in offer.Tracks)
        {
            var media = result.Media.FirstOrDefault(m => string.Equals(m.Mid, track.Mid, StringComparison.Ordinal));
            if (media is null || !media.Accepted || media.RemoteSsrcs.Count == 0)
            {
                continue; // not carried (yet): nothing to check
            }

            uint ssrc = media.RemoteSsrcs.FirstOrDefault(s => media.RemoteSsrcGroups.All(g => g.Ssrcs.Count < 2 || g.Ssrcs[1] != s));
            sections.Add(new SubscribedSection(
                track.Mid,
                track.TrackId,
                track.ParticipantId,
                track.Kind,
                ssrc,
                media.RemoteRtxSsrcFor(ssrc),
                transportCc ? media.HeaderExtensionId(RtpHeaderExtensionUri.TransportWideCc) ?? 0 : 0));
        }

        return new SubscriberAnswer(
            SdpWriter.Write(result.Answer),
            new RemoteTransport(endPoint, result.RemoteIceUfrag, result.RemoteIcePwd, remoteFingerprint, role),
            sections);
    }

    private static MediaCapabilities Capabilities(bool transportCc)
    {
        var capabilities = MediaCapabilities.Default;
        if (!transportCc)
        {
            capabilities.HeaderExtensions.RemoveAll(h => string.Equals(h.Uri, RtpHeaderExtensionUri.TransportWideCc, StringComparison.Ordinal));
            foreach (var codec in capabilities.Codecs)
            {
                codec.Feedback.RemoveAll(f => f.Type is "transport-cc" or "goog-remb");
            }
        }

        return capabilities;
    }
}
