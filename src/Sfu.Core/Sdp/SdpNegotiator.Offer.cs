namespace Sfu.Core.Sdp;

public static partial class SdpNegotiator
{
    /// <summary>
    /// Builds an offer to a subscriber: one m-section per <see cref="MediaOfferSection"/> (UDP/TLS/RTP/SAVPF, rtcp-mux,
    /// rtcp-rsize, our ICE credentials, fingerprint and a=setup:actpass, the given payload types with their feedback
    /// and RTX, extmaps, and a=msid/a=ssrc/a=ssrc-group:FID for what we send), a BUNDLE group of the sections that are
    /// not stopped, and a=ice-lite.
    /// </summary>
    public static SessionDescription CreateOffer(OfferOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ValidateTransport(options.IceUfrag, options.IcePwd, options.Fingerprint, options.Candidates);
        var offer = NewDescription(options.SessionId, options.SessionVersion);
        offer.IceLite = options.IceLite;
        offer.ExtmapAllowMixed = options.ExtmapAllowMixed;
        var (port, connection) = DefaultDestination(options.Candidates);
        var bundled = new List<string>();
        var streamIds = new List<string>();
        foreach (var source in options.Sections)
        {
            ValidateSection(source, offer);
            var section = new MediaDescription
            {
                Kind = source.Kind,
                Port = source.Stopped ? 0 : port,
                Protocol = "UDP/TLS/RTP/SAVPF",
                Connection = new SdpConnection(connection.NetworkType, connection.AddressType, connection.Address),
                Mid = source.Mid,
                Direction = source.Stopped ? MediaDirection.Inactive : source.Direction,
                RtcpRsize = options.RtcpRsize,
            };
            if (!source.Stopped)
            {
                AddTransportAttributes(section, options.IceUfrag, options.IcePwd, options.Fingerprint!, DtlsSetup.Actpass, options.Candidates);
                bundled.Add(source.Mid);
            }

            foreach (var (uri, id) in source.HeaderExtensions.OrderBy(e => e.Value))
            {
                section.Extmaps.Add(new Extmap(id, uri));
            }

            AddOfferCodecs(section, source.Codecs);
            if (!source.Stopped && source.Direction.Sends() && source.Ssrc is uint ssrc)
            {
                var streamId = source.StreamId ?? "-";
                var trackId = source.TrackId ?? source.Mid;
                bool rtx = source.RtxSsrc is not null && source.Codecs.Exists(c => c.RtxPayloadType is not null);
                AddLocalSource(section, ssrc, rtx ? source.RtxSsrc : null, source.Cname!, streamId, trackId);
                if (streamId != "-" && !streamIds.Contains(streamId))
                {
                    streamIds.Add(streamId);
                }
            }

            offer.Media.Add(section);
        }

        if (bundled.Count > 0)
        {
            offer.Groups.Add(new SdpGroup("BUNDLE", bundled));
        }

        offer.MsidSemantic = new MsidSemantic("WMS", streamIds);
        return offer;
    }

    private static void AddOfferCodecs(MediaDescription section, List<NegotiatedCodec> codecs)
    {
        foreach (var codec in codecs)
        {
            section.Formats.Add(SdpSyntax.Invariant(codec.PayloadType));
            if (codec.RtxPayloadType is int rtxPt)
            {
                section.Formats.Add(SdpSyntax.Invariant(rtxPt));
            }

            section.RtpMaps.Add(new RtpMap(codec.PayloadType, codec.EncodingName, codec.ClockRate, codec.Channels));
            section.RtcpFeedbacks.AddRange(codec.Feedback.ToFeedback(codec.PayloadType));
            if (!string.IsNullOrEmpty(codec.Fmtp))
            {
                section.Fmtps.Add(new Fmtp(codec.PayloadType, codec.Fmtp));
            }

            if (codec.RtxPayloadType is int rtx)
            {
                section.RtpMaps.Add(new RtpMap(rtx, "rtx", codec.ClockRate));
                var apt = "apt=" + SdpSyntax.Invariant(codec.PayloadType);
                var extra = Fmtp.ParseParameterMap(codec.RtxFmtp).Where(p => !string.Equals(p.Key, "apt", StringComparison.OrdinalIgnoreCase));
                var rest = Fmtp.FormatParameterMap(extra);
                section.Fmtps.Add(new Fmtp(rtx, rest.Length == 0 ? apt : apt + ";" + rest));
            }
        }
    }

    private static void ValidateSection(MediaOfferSection source, SessionDescription offer)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Mid is null || source.Mid.Length > 255 || !SdpSyntax.IsToken(source.Mid))
        {
            throw new ArgumentException("a mid must be a token of at most 255 characters", nameof(source));
        }

        if (offer.FindMedia(source.Mid) is not null)
        {
            throw new ArgumentException("mid " + source.Mid + " is used twice", nameof(source));
        }

        if (source.Kind is not (MediaKinds.Audio or MediaKinds.Video))
        {
            throw new ArgumentException("an offered section is audio or video", nameof(source));
        }

        if (source.Codecs.Count == 0)
        {
            throw new ArgumentException("section " + source.Mid + " has no codec", nameof(source));
        }

        var payloadTypes = new HashSet<int>();
        foreach (var codec in source.Codecs)
        {
            if (!SdpSyntax.IsToken(codec.EncodingName) || codec.ClockRate <= 0
                || !AddPayloadType(payloadTypes, codec.PayloadType)
                || (codec.RtxPayloadType is int rtx && !AddPayloadType(payloadTypes, rtx)))
            {
                throw new ArgumentException("section " + source.Mid + " has a codec with a bad or repeated payload type, name or clock rate", nameof(source));
            }
        }

        var ids = new HashSet<int>();
        foreach (var (uri, id) in source.HeaderExtensions)
        {
            if (id is < 1 or > 255 || !ids.Add(id) || !SdpSyntax.IsNonSpaceText(uri))
            {
                throw new ArgumentException("section " + source.Mid + " has a bad or repeated extmap id " + SdpSyntax.Invariant(id), nameof(source));
            }
        }

        if (!source.Stopped && source.Direction.Sends() && source.Ssrc is not null)
        {
            if (source.Cname is null || !SdpSyntax.IsNonSpaceText(source.Cname))
            {
                throw new ArgumentException("section " + source.Mid + " sends an SSRC without a cname", nameof(source));
            }

            ValidateMsidPart(source.StreamId ?? "-", nameof(source.StreamId));
            ValidateMsidPart(source.TrackId ?? source.Mid, nameof(source.TrackId));
        }
    }

    private static bool AddPayloadType(HashSet<int> payloadTypes, int payloadType) =>
        payloadType is >= 0 and <= 127 && payloadTypes.Add(payloadType);
}
