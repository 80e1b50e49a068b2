using System.Text;

namespace Sfu.Core.Sdp;

/// <summary>
/// Writes a <see cref="SessionDescription"/> as SDP text with CRLF line ends, in the conventional order browsers use:
/// v, o, s, (i u e p), c, b, t, (r z k), group, ice-lite, ice/dtls, extmap-allow-mixed, msid-semantic, other session
/// attributes; then per m-section: m, (i), c, b, (k), rtcp, ice-ufrag/pwd/options, fingerprint, setup, mid, extmap,
/// direction, msid, rtcp-mux, rtcp-rsize, rtpmap/rtcp-fb/fmtp per payload type, rid, simulcast, ssrc-group, ssrc,
/// sctp-port, max-message-size, other attributes, candidates, end-of-candidates.
/// <see cref="SdpParser.TryParse"/> of the output gives back an equal model.
/// </summary>
public static class SdpWriter
{
    private const string Crlf = "\r\n";

    public static string Write(SessionDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var sdp = new StringBuilder(4096);
        Line(sdp, "v=" + SdpSyntax.Invariant(description.Version));
        var origin = description.Origin;
        Line(sdp, "o=" + origin.Username + " " + SdpSyntax.Invariant(origin.SessionId) + " "
            + SdpSyntax.Invariant(origin.SessionVersion) + " " + origin.NetworkType + " " + origin.AddressType + " " + origin.Address);
        Line(sdp, "s=" + description.SessionName);
        OtherLines(sdp, description.OtherLines, "iuep");
        if (description.Connection is { } connection)
        {
            Line(sdp, "c=" + Format(connection));
        }

        Bandwidths(sdp, description.Bandwidths);
        Line(sdp, "t=" + SdpSyntax.Invariant(description.Timing.StartTime) + " " + SdpSyntax.Invariant(description.Timing.StopTime));
        OtherLines(sdp, description.OtherLines, "rzk");
        foreach (var group in description.Groups)
        {
            Line(sdp, group.Mids.Count == 0 ? "a=group:" + group.Semantics : "a=group:" + group.Semantics + " " + string.Join(' ', group.Mids));
        }

        if (description.IceLite)
        {
            Line(sdp, "a=ice-lite");
        }

        TransportAttributes(sdp, description.IceUfrag, description.IcePwd, description.IceOptions, description.Fingerprints, description.Setup);
        if (description.Direction is MediaDirection direction)
        {
            Line(sdp, "a=" + direction.ToSdpString());
        }

        if (description.ExtmapAllowMixed)
        {
            Line(sdp, "a=extmap-allow-mixed");
        }

        if (description.MsidSemantic is { } msidSemantic)
        {
            Line(sdp, msidSemantic.Identifiers.Count == 0
                ? "a=msid-semantic: " + msidSemantic.Semantic
                : "a=msid-semantic: " + msidSemantic.Semantic + " " + string.Join(' ', msidSemantic.Identifiers));
        }

        Attributes(sdp, description.OtherAttributes);
        foreach (var media in description.Media)
        {
            WriteMedia(sdp, media, description.Direction);
        }

        return sdp.ToString();
    }

    private static void WriteMedia(StringBuilder sdp, MediaDescription media, MediaDirection? sessionDirection)
    {
        var port = SdpSyntax.Invariant(media.Port);
        if (media.NumberOfPorts is int count)
        {
            port += "/" + SdpSyntax.Invariant(count);
        }

        Line(sdp, "m=" + media.Kind + " " + port + " " + media.Protocol + " " + string.Join(' ', media.Formats));
        OtherLines(sdp, media.OtherLines, "i");
        if (media.Connection is { } connection)
        {
            Line(sdp, "c=" + Format(connection));
        }

        Bandwidths(sdp, media.Bandwidths);
        OtherLines(sdp, media.OtherLines, "k");
        if (media.RtcpAttribute is { } rtcp)
        {
            Line(sdp, rtcp.Connection is { } rtcpConnection
                ? "a=rtcp:" + SdpSyntax.Invariant(rtcp.Port) + " " + Format(rtcpConnection)
                : "a=rtcp:" + SdpSyntax.Invariant(rtcp.Port));
        }

        TransportAttributes(sdp, media.IceUfrag, media.IcePwd, media.IceOptions, media.Fingerprints, media.Setup);
        if (media.Mid is not null)
        {
            Line(sdp, "a=mid:" + media.Mid);
        }

        foreach (var extmap in media.Extmaps)
        {
            Line(sdp, "a=extmap:" + extmap);
        }

        if (media.ExtmapAllowMixed)
        {
            Line(sdp, "a=extmap-allow-mixed");
        }

        // Direction means nothing to SCTP sections: write it there only when it differs from what the parser would assume.
        if (media.IsRtp || media.Direction != (sessionDirection ?? MediaDirection.SendRecv))
        {
            Line(sdp, "a=" + media.Direction.ToSdpString());
        }
        if (media.Msid is { } msid)
        {
            Line(sdp, "a=msid:" + msid);
        }

        if (media.RtcpMux)
        {
            Line(sdp, "a=rtcp-mux");
        }

        if (media.RtcpRsize)
        {
            Line(sdp, "a=rtcp-rsize");
        }

        WritePayloadAttributes(sdp, media);
        foreach (var rid in media.Rids)
        {
            Line(sdp, "a=rid:" + rid);
        }

        if (media.Simulcast is { } simulcast && (simulcast.Send.Count > 0 || simulcast.Recv.Count > 0))
        {
            Line(sdp, "a=simulcast:" + simulcast);
        }

        foreach (var group in media.SsrcGroups)
        {
            Line(sdp, "a=ssrc-group:" + group);
        }

        foreach (var ssrc in media.SsrcAttributes)
        {
            Line(sdp, "a=ssrc:" + ssrc);
        }

        if (media.SctpPort is int sctpPort)
        {
            Line(sdp, "a=sctp-port:" + SdpSyntax.Invariant(sctpPort));
        }

        if (media.MaxMessageSize is ulong maxMessageSize)
        {
            Line(sdp, "a=max-message-size:" + SdpSyntax.Invariant(maxMessageSize));
        }

        Attributes(sdp, media.OtherAttributes);
        foreach (var candidate in media.Candidates)
        {
            Line(sdp, "a=candidate:" + candidate);
        }

        if (media.EndOfCandidates)
        {
            Line(sdp, "a=end-of-candidates");
        }
    }

    /// <summary>
    /// rtpmap, rtcp-fb and fmtp grouped per payload type in m= line order (wildcard rtcp-fb first), then those of
    /// payload types the m= line does not list, so that nothing in the model is lost.
    /// </summary>
    private static void WritePayloadAttributes(StringBuilder sdp, MediaDescription media)
    {
        foreach (var feedback in media.RtcpFeedbacks)
        {
            if (feedback.PayloadType is null)
            {
                Line(sdp, "a=rtcp-fb:" + feedback);
            }
        }

        var written = new HashSet<int>();
        foreach (int pt in media.PayloadTypes)
        {
            if (written.Add(pt))
            {
                WritePayloadType(sdp, media, pt);
            }
        }

        foreach (var rtpMap in media.RtpMaps)
        {
            if (written.Add(rtpMap.PayloadType))
            {
                WritePayloadType(sdp, media, rtpMap.PayloadType);
            }
        }

        foreach (var feedback in media.RtcpFeedbacks)
        {
            if (feedback.PayloadType is int pt && written.Add(pt))
            {
                WritePayloadType(sdp, media, pt);
            }
        }

        foreach (var fmtp in media.Fmtps)
        {
            if (written.Add(fmtp.PayloadType))
            {
                WritePayloadType(sdp, media, fmtp.PayloadType);
            }
        }
    }

    private static void WritePayloadType(StringBuilder sdp, MediaDescription media, int payloadType)
    {
        foreach (var rtpMap in media.RtpMaps)
        {
            if (rtpMap.PayloadType == payloadType)
            {
                Line(sdp, "a=rtpmap:" + rtpMap);
            }
        }

        foreach (var feedback in media.RtcpFeedbacks)
        {
            if (feedback.PayloadType == payloadType)
            {
                Line(sdp, "a=rtcp-fb:" + feedback);
            }
        }

        foreach (var fmtp in media.Fmtps)
        {
            if (fmtp.PayloadType == payloadType)
            {
                Line(sdp, "a=fmtp:" + fmtp);
            }
        }
    }

    private static void TransportAttributes(
        StringBuilder sdp, string? ufrag, string? pwd, List<string> options, List<SdpFingerprint> fingerprints, DtlsSetup? setup)
    {
        if (ufrag is not null)
        {
            Line(sdp, "a=ice-ufrag:" + ufrag);
        }

        if (pwd is not null)
        {
            Line(sdp, "a=ice-pwd:" + pwd);
        }

        if (options.Count > 0)
        {
            Line(sdp, "a=ice-options:" + string.Join(' ', options));
        }

        foreach (var fingerprint in fingerprints)
        {
            Line(sdp, "a=fingerprint:" + fingerprint.Algorithm + " " + fingerprint.Value);
        }

        if (setup is DtlsSetup value)
        {
            Line(sdp, "a=setup:" + SetupName(value));
        }
    }

    /// <summary>The a=setup spelling of a <see cref="DtlsSetup"/>.</summary>
    public static string SetupName(DtlsSetup setup) => setup switch
    {
        DtlsSetup.Actpass => "actpass",
        DtlsSetup.Active => "active",
        DtlsSetup.Passive => "passive",
        DtlsSetup.Holdconn => "holdconn",
        _ => throw new ArgumentOutOfRangeException(nameof(setup), setup, "unknown setup"),
    };

    private static string Format(SdpConnection connection) =>
        connection.NetworkType + " " + connection.AddressType + " " + connection.Address;

    private static void Bandwidths(StringBuilder sdp, List<SdpBandwidth> bandwidths)
    {
        foreach (var bandwidth in bandwidths)
        {
            Line(sdp, "b=" + bandwidth.Type + ":" + SdpSyntax.Invariant(bandwidth.Value));
        }
    }

    private static void OtherLines(StringBuilder sdp, List<SdpLine> lines, string types)
    {
        foreach (char type in types)
        {
            foreach (var line in lines)
            {
                if (line.Type == type)
                {
                    Line(sdp, line.ToString());
                }
            }
        }
    }

    private static void Attributes(StringBuilder sdp, List<SdpAttribute> attributes)
    {
        foreach (var attribute in attributes)
        {
            Line(sdp, "a=" + attribute);
        }
    }

    private static void Line(StringBuilder sdp, string line) => sdp.Append(line).Append(Crlf);
}
