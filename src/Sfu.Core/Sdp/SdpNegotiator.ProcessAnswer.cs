namespace Sfu.Core.Sdp;

public static partial class SdpNegotiator
{
    /// <summary>
    /// Reads a subscriber's answer to an offer made with <see cref="CreateOffer"/>: per offered m-section, which codecs
    /// (payload types we offered) the subscriber accepted with which feedback and RTX, which header extensions, and our
    /// resulting direction. An answer m-section that is missing, of another kind or mid, at port 0, without rtcp-mux or
    /// with none of the offered codecs is reported rejected with a reason; nothing here throws on a bad answer.
    /// </summary>
    public static IReadOnlyList<NegotiatedMedia> ProcessAnswer(SessionDescription offer, SessionDescription answer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(answer);
        var results = new List<NegotiatedMedia>(offer.Media.Count);
        for (int index = 0; index < offer.Media.Count; index++)
        {
            var offered = offer.Media[index];
            var answered = index < answer.Media.Count ? answer.Media[index] : null;
            var reason = CheckAnswered(offered, answered, index);
            if (reason is not null)
            {
                results.Add(Rejected(offered, index, reason));
                continue;
            }

            var codecs = AcceptedCodecs(offered, answered!);
            if (codecs.Count == 0)
            {
                results.Add(Rejected(offered, index, "the answer accepted none of the offered codecs"));
                continue;
            }

            var extensions = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var extmap in answered!.Extmaps)
            {
                if (offered.Extmaps.Exists(e => e.Id == extmap.Id && string.Equals(e.Uri, extmap.Uri, StringComparison.Ordinal)))
                {
                    extensions.TryAdd(extmap.Uri, extmap.Id);
                }
            }

            var (ssrcs, groups, cname) = RemoteSources(answered);
            results.Add(new NegotiatedMedia
            {
                Mid = offered.Mid,
                Kind = offered.Kind,
                Index = index,
                Accepted = true,
                Direction = offered.Direction.RestrictTo(answered.Direction),
                RemoteDirection = answered.Direction,
                Codecs = codecs,
                HeaderExtensions = extensions,
                RemoteSsrcs = ssrcs,
                RemoteSsrcGroups = groups,
                RemoteCname = cname,
                RemoteMsid = answered.Msid is { } msid ? new Msid(msid.StreamId, msid.TrackId) : null,
            });
        }

        return results;
    }

    private static string? CheckAnswered(MediaDescription offered, MediaDescription? answered, int index)
    {
        if (offered.Port == 0)
        {
            return "the m-section was offered stopped (port 0)";
        }

        if (answered is null)
        {
            return "the answer has no m-section " + SdpSyntax.Invariant(index);
        }

        if (!string.Equals(offered.Kind, answered.Kind, StringComparison.Ordinal))
        {
            return "the answer's m-section " + SdpSyntax.Invariant(index) + " is " + SdpSyntax.Quote(answered.Kind) + ", not " + offered.Kind;
        }

        if (!string.Equals(offered.Mid, answered.Mid, StringComparison.Ordinal))
        {
            return "the answer's m-section " + SdpSyntax.Invariant(index) + " has mid " + SdpSyntax.Quote(answered.Mid ?? "") + ", not " + offered.Mid;
        }

        if (answered.Port == 0 && !answered.HasOtherAttribute("bundle-only"))
        {
            return "rejected by the answerer (port 0)";
        }

        if (string.Equals(offered.Kind, MediaKinds.Application, StringComparison.Ordinal))
        {
            return DataChannelsNotSupported;
        }

        return answered.RtcpMux ? null : "rtcp-mux is required";
    }

    /// <summary>The answer's payload types that we offered for the same codec, with feedback both sides listed and RTX when both have it.</summary>
    private static List<NegotiatedCodec> AcceptedCodecs(MediaDescription offered, MediaDescription answered)
    {
        var codecs = new List<NegotiatedCodec>();
        foreach (int pt in answered.PayloadTypes)
        {
            var offeredMap = offered.FindRtpMap(pt);
            if (offeredMap is null || IsRtx(offeredMap) || !offered.Formats.Contains(SdpSyntax.Invariant(pt)))
            {
                continue;
            }

            var answeredMap = answered.FindRtpMap(pt);
            if (answeredMap is not null
                && (!string.Equals(answeredMap.EncodingName, offeredMap.EncodingName, StringComparison.OrdinalIgnoreCase)
                    || answeredMap.ClockRate != offeredMap.ClockRate))
            {
                continue;
            }

            var feedback = answered.FeedbackFor(pt).ToFlags() & offered.FeedbackFor(pt).ToFlags();
            int? rtx = offered.RtxPayloadTypeFor(pt);
            if (rtx is int rtxPt && (answered.RtxPayloadTypeFor(pt) != rtxPt || !answered.Formats.Contains(SdpSyntax.Invariant(rtxPt))))
            {
                rtx = null;
            }

            codecs.Add(new NegotiatedCodec
            {
                PayloadType = pt,
                MimeType = offered.Kind + "/" + offeredMap.EncodingName,
                ClockRate = offeredMap.ClockRate,
                Channels = offeredMap.Channels,
                Fmtp = (answered.FindFmtp(pt) ?? offered.FindFmtp(pt))?.Parameters,
                Feedback = feedback,
                RtxPayloadType = rtx,
                RtxFmtp = rtx is int r ? offered.FindFmtp(r)?.Parameters : null,
            });
        }

        return codecs;
    }
}
