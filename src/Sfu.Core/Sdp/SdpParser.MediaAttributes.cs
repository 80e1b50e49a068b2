namespace Sfu.Core.Sdp;

public sealed partial class SdpParser
{
    private string? ParseMediaAttribute(MediaDescription media, string text)
    {
        var failure = SplitAttribute(text, out var name, out var value);
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
                return ParseIceUfrag(value, media.IceUfrag, v => media.IceUfrag = v);
            case "ice-pwd":
                return ParseIcePwd(value, media.IcePwd, v => media.IcePwd = v);
            case "ice-options":
                return ParseIceOptions(value, media.IceOptions);
            case "fingerprint":
                return ParseFingerprint(value, media.Fingerprints);
            case "setup":
                return ParseSetup(value, media.Setup, v => media.Setup = v);
            case "rtcp-mux":
                return ParseFlag(name, value, () => media.RtcpMux = true);
            case "rtcp-rsize":
                return ParseFlag(name, value, () => media.RtcpRsize = true);
            case "extmap-allow-mixed":
                return ParseFlag(name, value, () => media.ExtmapAllowMixed = true);
            case "end-of-candidates":
                return ParseFlag(name, value, () => media.EndOfCandidates = true);
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

        if (media.IsRtp)
        {
            switch (name)
            {
                case "rtpmap":
                    return ParseRtpMap(media, value);
                case "fmtp":
                    return ParseFmtp(media, value);
                case "rtcp-fb":
                    return ParseRtcpFeedback(media, value);
                case "extmap":
                    return ParseExtmap(media, value);
                case "rid":
                    return ParseRid(media, value);
                case "simulcast":
                    return ParseSimulcast(media, value);
                case "ssrc":
                    return ParseSsrc(media, value);
                case "ssrc-group":
                    return ParseSsrcGroup(media, value);
            }
        }

        media.OtherAttributes.Add(new SdpAttribute(name, value));
        return null;
    }

    // a=mid:<identification-tag>   (RFC 5888 4, RFC 8843)
    private string? ParseMid(MediaDescription media, string? value)
    {
        var failure = RequireValue("mid", value);
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
        var failure = RequireValue("rtcp", value);
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
        var failure = RequireValue("candidate", value);
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
        var failure = RequireValue("msid", value);
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
