namespace Sfu.Core.Sdp;

public static partial class SdpNegotiator
{
    /// <summary>
    /// Answers a browser offer. Each m-section is accepted when it is bundled, uses DTLS-SRTP with rtcp-mux, carries
    /// ICE credentials and a fingerprint, and shares a codec with <see cref="AnswerOptions.MediaCapabilities"/>;
    /// otherwise it is answered with port 0 and reported with a reason. Accepted sections use the offer's payload
    /// types (in its order, each codec with its RTX), only feedback both sides support, the offer's extmap ids for the
    /// supported URIs, and answer a=simulcast:send with a=rid:&lt;id&gt; recv and a=simulcast:recv.
    /// </summary>
    public static SdpAnswerResult CreateAnswer(SessionDescription offer, AnswerOptions options)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.MediaCapabilities);
        ValidateTransport(options.IceUfrag, options.IcePwd, options.Fingerprint, options.Candidates);
        foreach (var (mid, send) in options.LocalSend)
        {
            ArgumentNullException.ThrowIfNull(send, mid);
            ValidateMsidPart(send.StreamId, nameof(send.StreamId));
            ValidateMsidPart(send.TrackId, nameof(send.TrackId));
            if (!SdpSyntax.IsNonSpaceText(send.Cname))
            {
                throw new ArgumentException("cname must be non-empty text without spaces", nameof(options));
            }
        }

        var answer = NewDescription(options.SessionId, options.SessionVersion);
        answer.IceLite = options.IceLite;
        answer.ExtmapAllowMixed = offer.ExtmapAllowMixed;

        var bundle = offer.BundleGroup;
        int soleIndex = bundle is null ? offer.Media.FindIndex(m => m.Port != 0) : -1;
        var transportOffer = bundle is not null ? offer.FindMedia(bundle.Mids.FirstOrDefault() ?? "") : soleIndex >= 0 ? offer.Media[soleIndex] : null;
        var localSetup = ChooseSetup(transportOffer is null ? null : offer.EffectiveSetup(transportOffer), options.Setup);
        var (port, connection) = DefaultDestination(options.Candidates);

        var results = new List<NegotiatedMedia>(offer.Media.Count);
        var acceptedMids = new List<string>();
        var streamIds = new List<string>();
        MediaDescription? transport = null;
        for (int index = 0; index < offer.Media.Count; index++)
        {
            var offered = offer.Media[index];
            var reason = CheckTransport(offer, offered, index, bundle, soleIndex, options.DataChannelMaxMessageSize is not null);
            if (reason is null && string.Equals(offered.Kind, MediaKinds.Application, StringComparison.Ordinal))
            {
                transport ??= offered;
                var application = DataChannelSection(offered, port, connection);
                application.MaxMessageSize = options.DataChannelMaxMessageSize;
                AddTransportAttributes(application, options.IceUfrag, options.IcePwd, options.Fingerprint!, localSetup, options.Candidates);
                answer.Media.Add(application);
                acceptedMids.Add(offered.Mid!);
                results.Add(NegotiatedDataChannels(offered, index));
                continue;
            }

            var media = reason is null ? new MediaSectionAnswer(offered, options.MediaCapabilities) : null;
            if (media is null || !media.HasCommonCodec)
            {
                reason ??= "no common codec";
                answer.Media.Add(RejectedSection(offered));
                results.Add(Rejected(offered, index, reason));
                continue;
            }

            transport ??= offered;
            var section = new MediaDescription
            {
                Kind = offered.Kind,
                Port = port,
                Protocol = offered.Protocol,
                Connection = new SdpConnection(connection.NetworkType, connection.AddressType, connection.Address),
                Mid = offered.Mid,
                RtcpRsize = offered.RtcpRsize,
                ExtmapAllowMixed = offered.ExtmapAllowMixed,
            };
            AddTransportAttributes(section, options.IceUfrag, options.IcePwd, options.Fingerprint!, localSetup, options.Candidates);
            var wanted = options.DirectionSelector?.Invoke(offered) ?? offered.Direction.Reverse();
            section.Direction = wanted.RestrictTo(offered.Direction);
            var negotiatedCodecs = media.WriteCodecs(section);
            var extensions = media.WriteHeaderExtensions(section);
            var (rids, pausedRids) = media.WriteSimulcast(section);
            if (section.Direction.Sends() && options.LocalSend.TryGetValue(offered.Mid!, out var send))
            {
                bool rtx = send.RtxSsrc is not null && negotiatedCodecs.Exists(c => c.RtxPayloadType is not null);
                AddLocalSource(section, send.Ssrc, rtx ? send.RtxSsrc : null, send.Cname, send.StreamId, send.TrackId);
                if (send.StreamId != "-" && !streamIds.Contains(send.StreamId))
                {
                    streamIds.Add(send.StreamId);
                }
            }

            answer.Media.Add(section);
            acceptedMids.Add(offered.Mid!);
            var (ssrcs, groups, cname) = RemoteSources(offered);
            results.Add(new NegotiatedMedia
            {
                Mid = offered.Mid,
                Kind = offered.Kind,
                Index = index,
                Accepted = true,
                Direction = section.Direction,
                RemoteDirection = offered.Direction,
                Codecs = negotiatedCodecs,
                HeaderExtensions = extensions,
                Rids = rids,
                PausedRids = pausedRids,
                RemoteSsrcs = ssrcs,
                RemoteSsrcGroups = groups,
                RemoteCname = cname,
                RemoteMsid = offered.Msid is { } msid ? new Msid(msid.StreamId, msid.TrackId) : null,
            });
        }

        if (bundle is not null && acceptedMids.Count > 0)
        {
            answer.Groups.Add(new SdpGroup("BUNDLE", bundle.Mids.Where(acceptedMids.Contains)));
        }

        answer.MsidSemantic = new MsidSemantic("WMS", streamIds);
        return new SdpAnswerResult
        {
            Answer = answer,
            Media = results,
            LocalSetup = localSetup,
            TransportMid = transport?.Mid,
            RemoteIceUfrag = transport is null ? null : offer.EffectiveIceUfrag(transport),
            RemoteIcePwd = transport is null ? null : offer.EffectiveIcePwd(transport),
            RemoteFingerprints = transport is null ? [] : [.. offer.EffectiveFingerprints(transport)],
            RemoteCandidates = transport is null ? [] : [.. transport.Candidates],
        };
    }

    /// <summary>
    /// Our a=setup (RFC 5763 5): passive (DTLS server) when the offer says actpass (unless told to be active), active or
    /// nothing (RFC 4145 4: absent means active); active when it says passive.
    /// </summary>
    private static DtlsSetup ChooseSetup(DtlsSetup? remote, DtlsSetup? preferred) => remote switch
    {
        DtlsSetup.Passive => DtlsSetup.Active,
        DtlsSetup.Actpass => preferred == DtlsSetup.Active ? DtlsSetup.Active : DtlsSetup.Passive,
        _ => DtlsSetup.Passive,
    };

    /// <summary>Why an offered m-section cannot use the server's single bundled DTLS-SRTP transport, or null.</summary>
    private static string? CheckTransport(SessionDescription offer, MediaDescription offered, int index, SdpGroup? bundle, int soleIndex, bool dataChannels = false)
    {
        if (offered.Port == 0 && !offered.HasOtherAttribute("bundle-only"))
        {
            return "the offer disabled the m-section (port 0)";
        }

        if (offered.Mid is null)
        {
            return "the m-section has no a=mid";
        }

        if (bundle is not null ? !bundle.Mids.Contains(offered.Mid) : index != soleIndex)
        {
            return bundle is not null
                ? "the m-section is not in the offer's BUNDLE group"
                : "without BUNDLE only the first m-section can be accepted";
        }

        if (string.Equals(offered.Kind, MediaKinds.Application, StringComparison.Ordinal))
        {
            if (!dataChannels)
            {
                return DataChannelsNotSupported;
            }

            if (CheckDataChannelSection(offered) is { } dataReason)
            {
                return dataReason;
            }
        }
        else if (offered.Kind is not (MediaKinds.Audio or MediaKinds.Video))
        {
            return "media kind " + SdpSyntax.Quote(offered.Kind) + " is not supported";
        }
        else if (!IsDtlsSrtp(offered.Protocol))
        {
            return "protocol " + SdpSyntax.Quote(offered.Protocol) + " is not DTLS-SRTP";
        }
        else if (!offered.RtcpMux)
        {
            return "rtcp-mux is required";
        }

        if (offer.EffectiveIceUfrag(offered) is null || offer.EffectiveIcePwd(offered) is null)
        {
            return "the m-section has no ICE ufrag and password";
        }

        if (offer.EffectiveFingerprints(offered).Count == 0)
        {
            return "the m-section has no DTLS fingerprint";
        }

        if (offer.EffectiveSetup(offered) == DtlsSetup.Holdconn)
        {
            return "the offer says a=setup:holdconn";
        }

        return null;
    }
}
