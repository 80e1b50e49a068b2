namespace Sfu.Core.Sdp;

/// <summary>
/// Parses the m-sections of one session description: each m= line starts a <see cref="MediaDescription"/> that this
/// parser owns while it is being built, and the c=, b=, i=, k= and a= lines that follow fill it in until the next m=
/// line or the end. RTP attributes go to its <see cref="RtpAttributeParser"/>; unknown attributes are kept verbatim.
/// </summary>
internal sealed class MediaSectionParser
{
    private readonly SessionDescription _description;
    private readonly RtpAttributeParser _rtp = new();
    private MediaDescription? _media;
    private bool _mediaDirectionSeen;

    /// <summary>Creates a parser that adds the m-sections it reads to <paramref name="description"/>.</summary>
    public MediaSectionParser(SessionDescription description) => _description = description;

    /// <summary>The m-section being built, or null before the first m= line.</summary>
    public MediaDescription? Media => _media;

    /// <summary>
    /// Checks what can only be checked once the current m-section is complete (called before the next m= line and at
    /// the end). Returns null or the failure, naming the line.
    /// </summary>
    public string? FinishSection() => _media is null ? null : _rtp.FinishSection(_media);

    /// <summary>
    /// Parses the value of an m= line (media, port[/number of ports], protocol, formats) and starts a new m-section with
    /// it. Returns null or the failure.
    /// </summary>
    // m=<media> <port>[/<number of ports>] <proto> <fmt> ...
    public string? StartSection(string value)
    {
        if (_description.Media.Count >= SdpParser.MaxMediaSections)
        {
            return "more than " + SdpSyntax.Invariant(SdpParser.MaxMediaSections) + " m-sections (the limit)";
        }

        var fields = value.Split(' ');
        if (fields.Length < 4)
        {
            return "m= needs <media> <port> <proto> <fmt>..., found " + SdpSyntax.Invariant(fields.Length) + " fields";
        }

        if (!SdpSyntax.IsToken(fields[0]))
        {
            return "m= media type " + SdpSyntax.Quote(fields[0]) + " is not a token";
        }

        var media = new MediaDescription { Kind = fields[0] };
        var portText = fields[1].AsSpan();
        int slash = portText.IndexOf('/');
        if (slash >= 0)
        {
            if (!SdpSyntax.TryParseInt(portText[(slash + 1)..], 1, 65535, out int numberOfPorts))
            {
                return "m= number of ports " + SdpSyntax.Quote(fields[1]) + " is not a number from 1 to 65535";
            }

            media.NumberOfPorts = numberOfPorts;
            portText = portText[..slash];
        }

        if (!SdpSyntax.TryParseInt(portText, 0, 65535, out int port))
        {
            return "m= port " + SdpSyntax.Quote(fields[1]) + " is not a number from 0 to 65535";
        }

        media.Port = port;
        if (!IsProtocol(fields[2]))
        {
            return "m= protocol " + SdpSyntax.Quote(fields[2]) + " is malformed";
        }

        media.Protocol = fields[2];
        bool rtp = media.IsRtp;
        for (int i = 3; i < fields.Length; i++)
        {
            var format = fields[i];
            if (rtp ? !SdpSyntax.TryParseInt(format, 0, 127, out _) : !SdpSyntax.IsToken(format))
            {
                return rtp
                    ? "m= payload type " + SdpSyntax.Quote(format) + " is not a number from 0 to 127"
                    : "m= format " + SdpSyntax.Quote(format) + " is not a token";
            }

            if (media.Formats.Contains(format))
            {
                return "m= lists format " + format + " twice";
            }

            media.Formats.Add(format);
        }

        media.Direction = _description.Direction ?? MediaDirection.SendRecv;
        _description.Media.Add(media);
        _media = media;
        _mediaDirectionSeen = false;
        _rtp.StartSection();
        return null;
    }

    // proto = token *("/" token)
    private static bool IsProtocol(string text)
    {
        foreach (var part in text.Split('/'))
        {
            if (!SdpSyntax.IsToken(part))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Parses a line of type <paramref name="type"/> that follows an m= line into the current m-section.
    /// <paramref name="lineNumber"/> is the line's number, recorded where a check made at the end of the section needs it.
    /// Returns null or the failure.
    /// </summary>
    public string? ParseLine(char type, string value, int lineNumber)
    {
        var media = _media!;
        switch (type)
        {
            case 'c':
                if (media.Connection is not null)
                {
                    return "second c= line in the m-section";
                }

                media.Connection = SdpParser.ParseConnection(value, out var connectionError);
                return connectionError;
            case 'b':
                var bandwidth = SdpParser.ParseBandwidth(value, out var bandwidthError);
                if (bandwidth is not null)
                {
                    media.Bandwidths.Add(bandwidth);
                }

                return bandwidthError;
            case 'a':
                return ParseAttribute(media, value, lineNumber);
            case 'i' or 'k':
                media.OtherLines.Add(new SdpLine(type, value));
                return null;
            case 'v' or 'o' or 's' or 't' or 'u' or 'e' or 'p' or 'r' or 'z':
                return type + "= is a session-level line and cannot follow an m= line";
            default:
                return "unknown line type '" + type + "'";
        }
    }

    private string? ParseAttribute(MediaDescription media, string text, int lineNumber)
    {
        var failure = SdpParser.SplitAttribute(text, out var name, out var value);
        if (failure is not null)
        {
            return failure;
        }

        switch (name)
        {
            case "mid":
                return ParseMid(media, value);
            case "sendrecv" or "sendonly" or "recvonly" or "inactive":
                if (value is not null)
                {
                    return "a=" + name + " takes no value";
                }

                if (_mediaDirectionSeen)
                {
                    return "second direction attribute a=" + name + " in the m-section";
                }

                _mediaDirectionSeen = true;
                MediaDirectionExtensions.TryParse(name, out var direction);
                media.Direction = direction;
                return null;
            case "ice-ufrag":
                return SdpParser.ParseIceUfrag(value, media.IceUfrag, v => media.IceUfrag = v);
            case "ice-pwd":
                return SdpParser.ParseIcePwd(value, media.IcePwd, v => media.IcePwd = v);
            case "ice-options":
                return SdpParser.ParseIceOptions(value, media.IceOptions);
            case "fingerprint":
                return SdpParser.ParseFingerprint(value, media.Fingerprints);
            case "setup":
                return SdpParser.ParseSetup(value, media.Setup, v => media.Setup = v);
            case "rtcp-mux":
                return SdpParser.ParseFlag(name, value, () => media.RtcpMux = true);
            case "rtcp-rsize":
                return SdpParser.ParseFlag(name, value, () => media.RtcpRsize = true);
            case "extmap-allow-mixed":
                return SdpParser.ParseFlag(name, value, () => media.ExtmapAllowMixed = true);
            case "end-of-candidates":
                return SdpParser.ParseFlag(name, value, () => media.EndOfCandidates = true);
            case "rtcp":
                return ParseRtcp(media, value);
            case "candidate":
                return ParseCandidate(media, value);
            case "msid":
                return ParseMsid(media, value);
            case "sctp-port":
                return ParseSctpPort(media, value);
            case "max-message-size":
                return ParseMaxMessageSize(media, value);
        }

        if (media.IsRtp && _rtp.TryParse(media, name, value, lineNumber, out failure))
        {
            return failure;
        }

        media.OtherAttributes.Add(new SdpAttribute(name, value));
        return null;
    }

    // a=mid:<identification-tag>   (RFC 5888 4, RFC 8843)
    private string? ParseMid(MediaDescription media, string? value)
    {
        var failure = SdpParser.RequireValue("mid", value);
        if (failure is not null)
        {
            return failure;
        }

        if (media.Mid is not null)
        {
            return "second a=mid in the m-section";
        }

        if (value!.Length > 255 || !SdpSyntax.IsToken(value))
        {
            return "a=mid " + SdpSyntax.Quote(value) + " is not a token of at most 255 characters";
        }

        int index = _description.Media.FindIndex(m => string.Equals(m.Mid, value, StringComparison.Ordinal));
        if (index >= 0)
        {
            return "a=mid:" + value + " is already used by m-section " + SdpSyntax.Invariant(index);
        }

        media.Mid = value;
        return null;
    }

    // a=rtcp:<port> [<nettype> <addrtype> <connection-address>]   (RFC 3605 2.1)
    private static string? ParseRtcp(MediaDescription media, string? value)
    {
        var failure = SdpParser.RequireValue("rtcp", value);
        if (failure is not null)
        {
            return failure;
        }

        if (media.RtcpAttribute is not null)
        {
            return "second a=rtcp in the m-section";
        }

        var fields = value!.Split(' ');
        if ((fields.Length != 1 && fields.Length != 4) || !SdpSyntax.TryParseInt(fields[0], 0, 65535, out int port))
        {
            return "a=rtcp must be <port 0-65535> [<nettype> <addrtype> <address>]";
        }

        var rtcp = new RtcpAttribute { Port = port };
        if (fields.Length == 4)
        {
            if (!SdpSyntax.IsToken(fields[1]) || !SdpSyntax.IsToken(fields[2]) || !SdpSyntax.IsNonSpaceText(fields[3]))
            {
                return "a=rtcp address is malformed";
            }

            rtcp.Connection = new SdpConnection(fields[1], fields[2], fields[3]);
        }

        media.RtcpAttribute = rtcp;
        return null;
    }

    private static string? ParseCandidate(MediaDescription media, string? value)
    {
        var failure = SdpParser.RequireValue("candidate", value);
        if (failure is not null)
        {
            return failure;
        }

        if (!IceCandidate.TryParse(value, out var candidate, out var error))
        {
            return "a=candidate: " + error;
        }

        media.Candidates.Add(candidate);
        return null;
    }

    // a=msid:<msid-id> [<msid-appdata>], each 1*64token-char   (RFC 8830 2)
    private static string? ParseMsid(MediaDescription media, string? value)
    {
        var failure = SdpParser.RequireValue("msid", value);
        if (failure is not null)
        {
            return failure;
        }

        var fields = value!.Split(' ');
        if (fields.Length > 2 || !fields.All(f => f.Length <= 64 && SdpSyntax.IsToken(f)))
        {
            return "a=msid must be <stream id> [<track id>], each a token of at most 64 characters";
        }

        if (media.Msid is not null)
        {
            media.OtherAttributes.Add(new SdpAttribute("msid", value));
            return null;
        }

        media.Msid = new Msid(fields[0], fields.Length == 2 ? fields[1] : null);
        return null;
    }

    // a=sctp-port:<port>   (RFC 8841 5)
    private static string? ParseSctpPort(MediaDescription media, string? value)
    {
        if (media.SctpPort is not null)
        {
            return "second a=sctp-port in the m-section";
        }

        if (!SdpSyntax.TryParseInt(value, 0, 65535, out int port))
        {
            return "a=sctp-port must be a number from 0 to 65535";
        }

        media.SctpPort = port;
        return null;
    }

    // a=max-message-size:<bytes>   (RFC 8841 6)
    private static string? ParseMaxMessageSize(MediaDescription media, string? value)
    {
        if (media.MaxMessageSize is not null)
        {
            return "second a=max-message-size in the m-section";
        }

        if (!SdpSyntax.TryParseUInt64(value, out ulong size))
        {
            return "a=max-message-size must be a non-negative number";
        }

        media.MaxMessageSize = size;
        return null;
    }
}
