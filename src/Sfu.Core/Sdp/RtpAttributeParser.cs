namespace Sfu.Core.Sdp;

/// <summary>
/// Parses the RTP attributes of one m-section (a=rtpmap, a=fmtp, a=rtcp-fb, a=extmap, a=rid, a=simulcast, a=ssrc and
/// a=ssrc-group) into the <see cref="MediaDescription"/> being built, and checks once the section is complete that every
/// rid a=simulcast names is declared by an a=rid line. Owns the line number of the section's a=simulcast for that check.
/// </summary>
internal sealed class RtpAttributeParser
{
    private int _simulcastLine;

    /// <summary>Forgets what the previous m-section recorded; called when a new m-section starts.</summary>
    public void StartSection() => _simulcastLine = 0;

    /// <summary>
    /// Parses attribute <paramref name="name"/> of the RTP m-section <paramref name="media"/> on line
    /// <paramref name="lineNumber"/>. Returns false when <paramref name="name"/> is not an RTP attribute this parser
    /// models; otherwise <paramref name="failure"/> is null or says what is wrong with the line.
    /// </summary>
    public bool TryParse(MediaDescription media, string name, string? value, int lineNumber, out string? failure)
    {
        switch (name)
        {
            case "rtpmap":
                failure = ParseRtpMap(media, value);
                return true;
            case "fmtp":
                failure = ParseFmtp(media, value);
                return true;
            case "rtcp-fb":
                failure = ParseRtcpFeedback(media, value);
                return true;
            case "extmap":
                failure = ParseExtmap(media, value);
                return true;
            case "rid":
                failure = ParseRid(media, value);
                return true;
            case "simulcast":
                failure = ParseSimulcast(media, value, lineNumber);
                return true;
            case "ssrc":
                failure = ParseSsrc(media, value);
                return true;
            case "ssrc-group":
                failure = ParseSsrcGroup(media, value);
                return true;
            default:
                failure = null;
                return false;
        }
    }

    /// <summary>
    /// Checks what can only be checked once the m-section is complete: every rid its a=simulcast names has an a=rid
    /// of that direction. Returns null or the failure, naming the a=simulcast line.
    /// </summary>
    public string? FinishSection(MediaDescription media)
    {
        if (media.Simulcast is not { } simulcast)
        {
            return null;
        }

        var failure = CheckSimulcastRids(media, simulcast.Send, RidDirection.Send)
            ?? CheckSimulcastRids(media, simulcast.Recv, RidDirection.Recv);
        return failure is null ? null : "line " + SdpSyntax.Invariant(_simulcastLine) + ": " + failure;
    }

    private static string? CheckSimulcastRids(MediaDescription media, List<SimulcastStream> streams, RidDirection direction)
    {
        foreach (var id in Simulcast.RidIds(streams))
        {
            if (!media.Rids.Exists(r => r.Direction == direction && string.Equals(r.Id, id, StringComparison.Ordinal)))
            {
                var name = direction == RidDirection.Send ? "send" : "recv";
                return "a=simulcast " + name + " names rid " + SdpSyntax.Quote(id) + " without an a=rid:" + id + " " + name;
            }
        }

        return null;
    }

    private static string? ParsePayloadType(string attribute, string text, out int payloadType) =>
        SdpSyntax.TryParseInt(text, 0, 127, out payloadType)
            ? null
            : "a=" + attribute + " payload type " + SdpSyntax.Quote(text) + " is not a number from 0 to 127";

    // a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]   (RFC 8866 6.6)
    private static string? ParseRtpMap(MediaDescription media, string? value)
    {
        var failure = SdpParser.RequireValue("rtpmap", value);
        if (failure is not null)
        {
            return failure;
        }

        var (ptText, encoding) = SdpSyntax.SplitFirst(value!);
        failure = ParsePayloadType("rtpmap", ptText, out int payloadType);
        if (failure is not null)
        {
            return failure;
        }

        if (string.IsNullOrEmpty(encoding))
        {
            return "a=rtpmap has no encoding name";
        }

        var parts = encoding.Split('/');
        if (!SdpSyntax.IsToken(parts[0]))
        {
            return "a=rtpmap encoding name " + SdpSyntax.Quote(parts[0]) + " is not a token";
        }

        if (parts.Length < 2 || parts[1].Length == 0)
        {
            return "a=rtpmap has no clock rate";
        }

        if (parts.Length > 3)
        {
            return "a=rtpmap has more than <name>/<clock rate>/<channels>";
        }

        if (!SdpSyntax.TryParseInt(parts[1], 1, int.MaxValue, out int clockRate))
        {
            return "a=rtpmap clock rate " + SdpSyntax.Quote(parts[1]) + " is not a positive number";
        }

        int? channels = null;
        if (parts.Length == 3)
        {
            if (!SdpSyntax.TryParseInt(parts[2], 1, 255, out int channelCount))
            {
                return "a=rtpmap channel count " + SdpSyntax.Quote(parts[2]) + " is not a number from 1 to 255";
            }

            channels = channelCount;
        }

        if (media.FindRtpMap(payloadType) is not null)
        {
            return "second a=rtpmap for payload type " + SdpSyntax.Invariant(payloadType);
        }

        media.RtpMaps.Add(new RtpMap(payloadType, parts[0], clockRate, channels));
        return null;
    }

    // a=fmtp:<payload type> <format specific parameters>   (RFC 8866 6.15)
    private static string? ParseFmtp(MediaDescription media, string? value)
    {
        var failure = SdpParser.RequireValue("fmtp", value);
        if (failure is not null)
        {
            return failure;
        }

        var (ptText, parameters) = SdpSyntax.SplitFirst(value!);
        failure = ParsePayloadType("fmtp", ptText, out int payloadType);
        if (failure is not null)
        {
            return failure;
        }

        if (string.IsNullOrWhiteSpace(parameters))
        {
            return "a=fmtp has no parameters";
        }

        if (media.FindFmtp(payloadType) is not null)
        {
            return "second a=fmtp for payload type " + SdpSyntax.Invariant(payloadType);
        }

        media.Fmtps.Add(new Fmtp(payloadType, parameters));
        return null;
    }

    // a=rtcp-fb:<payload type | *> <type> [<subtype> [<parameters>]]   (RFC 4585 4.2)
    private static string? ParseRtcpFeedback(MediaDescription media, string? value)
    {
        var failure = SdpParser.RequireValue("rtcp-fb", value);
        if (failure is not null)
        {
            return failure;
        }

        var (ptText, rest) = SdpSyntax.SplitFirst(value!);
        int? payloadType = null;
        if (ptText != "*")
        {
            failure = ParsePayloadType("rtcp-fb", ptText, out int pt);
            if (failure is not null)
            {
                return failure;
            }

            payloadType = pt;
        }

        if (string.IsNullOrEmpty(rest))
        {
            return "a=rtcp-fb has no feedback type";
        }

        var (type, subtype) = SdpSyntax.SplitFirst(rest);
        if (!SdpSyntax.IsToken(type))
        {
            return "a=rtcp-fb feedback type " + SdpSyntax.Quote(type) + " is not a token";
        }

        if (subtype is not null && subtype.Length == 0)
        {
            return "a=rtcp-fb has an empty subtype";
        }

        media.RtcpFeedbacks.Add(new RtcpFeedback(payloadType, type, subtype));
        return null;
    }

    // a=extmap:<id>[/<direction>] <URI> [<extension attributes>]   (RFC 8285 7)
    private static string? ParseExtmap(MediaDescription media, string? value)
    {
        var failure = SdpParser.RequireValue("extmap", value);
        if (failure is not null)
        {
            return failure;
        }

        var (idText, rest) = SdpSyntax.SplitFirst(value!);
        MediaDirection? direction = null;
        int slash = idText.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (!MediaDirectionExtensions.TryParse(idText[(slash + 1)..], out var parsed))
            {
                return "a=extmap direction " + SdpSyntax.Quote(idText[(slash + 1)..]) + " is not sendrecv, sendonly, recvonly or inactive";
            }

            direction = parsed;
            idText = idText[..slash];
        }

        if (!SdpSyntax.TryParseInt(idText, 1, 255, out int id))
        {
            return "a=extmap id " + SdpSyntax.Quote(idText) + " is not a number from 1 to 255";
        }

        if (string.IsNullOrEmpty(rest))
        {
            return "a=extmap has no URI";
        }

        var (uri, attributes) = SdpSyntax.SplitFirst(rest);
        if (!SdpSyntax.IsNonSpaceText(uri))
        {
            return "a=extmap URI is empty";
        }

        if (media.Extmaps.Exists(e => e.Id == id))
        {
            return "a=extmap id " + SdpSyntax.Invariant(id) + " is used twice in the m-section";
        }

        media.Extmaps.Add(new Extmap(id, uri, direction, string.IsNullOrEmpty(attributes) ? null : attributes));
        return null;
    }

    // a=rid:<rid-id> <"send" | "recv"> [pt=<fmt>,...;<restriction>=<value>;...]   (RFC 8851 10)
    private static string? ParseRid(MediaDescription media, string? value)
    {
        var failure = SdpParser.RequireValue("rid", value);
        if (failure is not null)
        {
            return failure;
        }

        var fields = value!.Split(' ');
        if (fields.Length is < 2 or > 3)
        {
            return "a=rid must be <id> <send|recv> [<restrictions>]";
        }

        if (!IsRidId(fields[0]))
        {
            return "a=rid id " + SdpSyntax.Quote(fields[0]) + " is not 1 to 255 letters, digits, '-' or '_'";
        }

        RidDirection direction;
        switch (fields[1])
        {
            case "send": direction = RidDirection.Send; break;
            case "recv": direction = RidDirection.Recv; break;
            default: return "a=rid direction " + SdpSyntax.Quote(fields[1]) + " is neither send nor recv";
        }

        if (media.Rids.Exists(r => string.Equals(r.Id, fields[0], StringComparison.Ordinal)))
        {
            return "a=rid:" + fields[0] + " is declared twice";
        }

        var rid = new Rid(fields[0], direction);
        if (fields.Length == 3)
        {
            foreach (var part in fields[2].Split(';'))
            {
                int equals = part.IndexOf('=', StringComparison.Ordinal);
                var key = equals < 0 ? part : part[..equals];
                var restriction = equals < 0 ? "" : part[(equals + 1)..];
                if (!SdpSyntax.IsToken(key) || (equals >= 0 && !SdpSyntax.IsNonSpaceText(restriction)))
                {
                    return "a=rid restriction " + SdpSyntax.Quote(part) + " is not <name>=<value>";
                }

                if (key == "pt")
                {
                    foreach (var pt in restriction.Split(','))
                    {
                        if (!SdpSyntax.TryParseInt(pt, 0, 127, out _) || !media.Formats.Contains(pt))
                        {
                            return "a=rid pt=" + SdpSyntax.Quote(pt) + " is not a payload type of the m= line";
                        }
                    }
                }

                rid.Restrictions.Add(new KeyValuePair<string, string>(key, restriction));
            }
        }

        media.Rids.Add(rid);
        return null;
    }

    // rid-id = 1*(alpha-numeric / "-" / "_")   (RFC 8851 10)
    private static bool IsRidId(string text) =>
        text.Length is > 0 and <= 255 && text.All(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_');

    // sc-value = (sc-send [SP sc-recv]) / (sc-recv [SP sc-send]); sc-str-list = sc-alt-list *(";" sc-alt-list);
    // sc-alt-list = sc-id *("," sc-id); sc-id = ["~"] rid-id   (RFC 8853 5.1)
    private string? ParseSimulcast(MediaDescription media, string? value, int lineNumber)
    {
        var failure = SdpParser.RequireValue("simulcast", value);
        if (failure is not null)
        {
            return failure;
        }

        if (media.Simulcast is not null)
        {
            return "second a=simulcast in the m-section";
        }

        var fields = value!.Split(' ');
        if (fields.Length is not (2 or 4))
        {
            return "a=simulcast must be send <rids> and/or recv <rids>";
        }

        var simulcast = new Simulcast();
        for (int i = 0; i < fields.Length; i += 2)
        {
            List<SimulcastStream> target;
            switch (fields[i])
            {
                case "send": target = simulcast.Send; break;
                case "recv": target = simulcast.Recv; break;
                default: return "a=simulcast direction " + SdpSyntax.Quote(fields[i]) + " is neither send nor recv";
            }

            if (target.Count > 0)
            {
                return "a=simulcast has two " + fields[i] + " lists";
            }

            foreach (var streamText in fields[i + 1].Split(';'))
            {
                var stream = new SimulcastStream();
                foreach (var alternative in streamText.Split(','))
                {
                    bool paused = alternative.StartsWith('~');
                    var id = paused ? alternative[1..] : alternative;
                    if (!IsRidId(id))
                    {
                        return "a=simulcast rid " + SdpSyntax.Quote(alternative) + " is not a rid id";
                    }

                    if (simulcast.Send.Concat(simulcast.Recv).Append(stream).Any(s => s.Alternatives.Exists(a => a.Id == id)))
                    {
                        return "a=simulcast names rid " + SdpSyntax.Quote(id) + " twice";
                    }

                    stream.Alternatives.Add(new SimulcastRid(id, paused));
                }

                target.Add(stream);
            }
        }

        media.Simulcast = simulcast;
        _simulcastLine = lineNumber;
        return null;
    }

    // a=ssrc:<ssrc-id> <attribute>[:<value>]   (RFC 5576 4.1)
    private static string? ParseSsrc(MediaDescription media, string? value)
    {
        var failure = SdpParser.RequireValue("ssrc", value);
        if (failure is not null)
        {
            return failure;
        }

        var (ssrcText, attribute) = SdpSyntax.SplitFirst(value!);
        if (!SdpSyntax.TryParseUInt32(ssrcText, out uint ssrc))
        {
            return "a=ssrc " + SdpSyntax.Quote(ssrcText) + " is not a 32-bit unsigned number";
        }

        if (string.IsNullOrEmpty(attribute))
        {
            return "a=ssrc:" + ssrcText + " has no source attribute";
        }

        int colon = attribute.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? attribute : attribute[..colon];
        if (!SdpSyntax.IsToken(name))
        {
            return "a=ssrc attribute name " + SdpSyntax.Quote(name) + " is not a token";
        }

        media.SsrcAttributes.Add(new SsrcAttribute(ssrc, name, colon < 0 ? null : attribute[(colon + 1)..]));
        return null;
    }

    // a=ssrc-group:<semantics> <ssrc-id> *(SP <ssrc-id>)   (RFC 5576 4.2)
    private static string? ParseSsrcGroup(MediaDescription media, string? value)
    {
        var failure = SdpParser.RequireValue("ssrc-group", value);
        if (failure is not null)
        {
            return failure;
        }

        var fields = value!.Split(' ');
        if (fields.Length < 2 || !SdpSyntax.IsToken(fields[0]))
        {
            return "a=ssrc-group must be <semantics> <ssrc> ...";
        }

        var group = new SsrcGroup { Semantics = fields[0] };
        for (int i = 1; i < fields.Length; i++)
        {
            if (!SdpSyntax.TryParseUInt32(fields[i], out uint ssrc))
            {
                return "a=ssrc-group SSRC " + SdpSyntax.Quote(fields[i]) + " is not a 32-bit unsigned number";
            }

            group.Ssrcs.Add(ssrc);
        }

        media.SsrcGroups.Add(group);
        return null;
    }
}
