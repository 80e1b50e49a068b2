namespace Sfu.Core.Sdp;

/// <summary>
/// The answer to one offered audio or video m-section (RFC 3264 6.1, JSEP 5.3.1): owns the match of the offered codecs
/// with <see cref="MediaCapabilities"/> and writes the answer's codecs (the offer's payload types in its order, each
/// with its RTX and the feedback both sides support), header extensions (the offer's ids for the URIs we support) and
/// simulcast (a=rid:&lt;id&gt; recv and a=simulcast:recv for an offered a=simulcast:send) into the answered section.
/// </summary>
internal sealed class MediaSectionAnswer
{
    private readonly MediaDescription offered;
    private readonly MediaCapabilities capabilities;
    private readonly List<CodecMatch> codecs;

    /// <summary>Matches the codecs of <paramref name="offered"/> with <paramref name="capabilities"/>.</summary>
    public MediaSectionAnswer(MediaDescription offered, MediaCapabilities capabilities)
    {
        this.offered = offered;
        this.capabilities = capabilities;
        codecs = MatchCodecs(offered, capabilities);
    }

    /// <summary>Whether the offer shares at least one codec with our capabilities; otherwise the section is rejected.</summary>
    public bool HasCommonCodec => codecs.Count > 0;

    private sealed record CodecMatch(int PayloadType, RtpMap RtpMap, Fmtp? Fmtp, List<RtcpFeedback> Feedback, int? RtxPayloadType);

    /// <summary>Writes formats, rtpmap, rtcp-fb and fmtp of the matched codecs and returns them as negotiated codecs.</summary>
    public List<NegotiatedCodec> WriteCodecs(MediaDescription section)
    {
        var keep = new HashSet<int>();
        foreach (var codec in codecs)
        {
            keep.Add(codec.PayloadType);
            if (codec.RtxPayloadType is int rtx)
            {
                keep.Add(rtx);
            }
        }

        section.Formats.AddRange(offered.Formats.Where(f => SdpSyntax.TryParseInt(f, 0, 127, out int pt) && keep.Contains(pt)));
        var negotiated = new List<NegotiatedCodec>(codecs.Count);
        foreach (var codec in codecs)
        {
            var map = codec.RtpMap;
            section.RtpMaps.Add(new RtpMap(codec.PayloadType, map.EncodingName, map.ClockRate, map.Channels));
            section.RtcpFeedbacks.AddRange(codec.Feedback);
            if (codec.Fmtp is not null)
            {
                section.Fmtps.Add(new Fmtp(codec.PayloadType, codec.Fmtp.Parameters));
            }

            string? rtxFmtp = null;
            if (codec.RtxPayloadType is int rtx)
            {
                var rtxMap = offered.FindRtpMap(rtx)!;
                section.RtpMaps.Add(new RtpMap(rtx, rtxMap.EncodingName, rtxMap.ClockRate, rtxMap.Channels));
                rtxFmtp = offered.FindFmtp(rtx)!.Parameters;
                section.Fmtps.Add(new Fmtp(rtx, rtxFmtp));
            }

            negotiated.Add(new NegotiatedCodec
            {
                PayloadType = codec.PayloadType,
                MimeType = offered.Kind + "/" + map.EncodingName,
                ClockRate = map.ClockRate,
                Channels = map.Channels,
                Fmtp = codec.Fmtp?.Parameters,
                Feedback = codec.Feedback.ToFlags(),
                RtxPayloadType = codec.RtxPayloadType,
                RtxFmtp = rtxFmtp,
            });
        }

        return negotiated;
    }

    /// <summary>The offer's extmaps whose URI we support, with the offer's ids and the direction mirrored (RFC 8285 6).</summary>
    public Dictionary<string, int> WriteHeaderExtensions(MediaDescription section)
    {
        var extensions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var extmap in offered.Extmaps)
        {
            if (!capabilities.SupportsHeaderExtension(offered.Kind, extmap.Uri) || extensions.ContainsKey(extmap.Uri))
            {
                continue;
            }

            section.Extmaps.Add(new Extmap(extmap.Id, extmap.Uri, extmap.Direction?.Reverse()));
            extensions[extmap.Uri] = extmap.Id;
        }

        return extensions;
    }

    /// <summary>
    /// Answers a=simulcast:send with a=rid:&lt;id&gt; recv and a=simulcast:recv of the same list (RFC 8853 5.3) when the
    /// section's direction (already set) receives.
    /// </summary>
    public (List<string> Rids, List<string> Paused) WriteSimulcast(MediaDescription section)
    {
        var rids = new List<string>();
        var paused = new List<string>();
        if (offered.Simulcast is not { Send.Count: > 0 } simulcast || !section.Direction.Receives())
        {
            return (rids, paused);
        }

        var answer = new Simulcast();
        foreach (var stream in simulcast.Send)
        {
            var answered = new SimulcastStream();
            foreach (var alternative in stream.Alternatives)
            {
                answered.Alternatives.Add(new SimulcastRid(alternative.Id, alternative.Paused));
                section.Rids.Add(new Rid(alternative.Id, RidDirection.Recv));
                rids.Add(alternative.Id);
                if (alternative.Paused)
                {
                    paused.Add(alternative.Id);
                }
            }

            answer.Recv.Add(answered);
        }

        section.Simulcast = answer;
        return (rids, paused);
    }

    /// <summary>The offered codecs we support, in the offer's order, with the common feedback and RTX.</summary>
    private static List<CodecMatch> MatchCodecs(MediaDescription offered, MediaCapabilities capabilities)
    {
        var matches = new List<CodecMatch>();
        foreach (int pt in offered.PayloadTypes)
        {
            var map = offered.FindRtpMap(pt);
            if (map is null || SdpNegotiator.IsRtx(map))
            {
                continue;
            }

            var fmtp = offered.FindFmtp(pt);
            var capability = capabilities.FindCodec(offered.Kind, map, fmtp);
            if (capability is null)
            {
                continue;
            }

            var feedback = new List<RtcpFeedback>();
            foreach (var item in offered.FeedbackFor(pt))
            {
                if (capability.SupportsFeedback(item) && !feedback.Exists(f => f.SameFeedbackAs(item)))
                {
                    feedback.Add(new RtcpFeedback(pt, item.Type, item.Subtype));
                }
            }

            int? rtx = capability.Rtx ? offered.RtxPayloadTypeFor(pt) : null;
            if (rtx is int rtxPt && !offered.Formats.Contains(SdpSyntax.Invariant(rtxPt)))
            {
                rtx = null;
            }

            matches.Add(new CodecMatch(pt, map, fmtp, feedback, rtx));
        }

        return matches;
    }
}
