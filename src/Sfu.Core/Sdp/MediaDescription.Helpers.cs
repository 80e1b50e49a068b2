namespace Sfu.Core.Sdp;

public sealed partial class MediaDescription
{
    /// <summary>True when the transport protocol carries RTP ("RTP/" in the proto, e.g. UDP/TLS/RTP/SAVPF).</summary>
    public bool IsRtp => Protocol.Contains("RTP/", StringComparison.OrdinalIgnoreCase);

    /// <summary>The payload types of the m= line, in order (only the numeric formats).</summary>
    public IEnumerable<int> PayloadTypes
    {
        get
        {
            foreach (var format in Formats)
            {
                if (SdpSyntax.TryParseInt(format, 0, 127, out int pt))
                {
                    yield return pt;
                }
            }
        }
    }

    public RtpMap? FindRtpMap(int payloadType)
    {
        foreach (var rtpMap in RtpMaps)
        {
            if (rtpMap.PayloadType == payloadType)
            {
                return rtpMap;
            }
        }

        return null;
    }

    public Fmtp? FindFmtp(int payloadType)
    {
        foreach (var fmtp in Fmtps)
        {
            if (fmtp.PayloadType == payloadType)
            {
                return fmtp;
            }
        }

        return null;
    }

    /// <summary>The rtcp-fb lines that apply to a payload type: its own and the wildcard '*' ones.</summary>
    public IEnumerable<RtcpFeedback> FeedbackFor(int payloadType) =>
        RtcpFeedbacks.Where(f => f.PayloadType is null || f.PayloadType == payloadType);

    /// <summary>The payload type of the "rtx" format whose fmtp says apt=<paramref name="payloadType"/> (RFC 4588 8.6).</summary>
    public int? RtxPayloadTypeFor(int payloadType)
    {
        foreach (var rtpMap in RtpMaps)
        {
            if (!string.Equals(rtpMap.EncodingName, "rtx", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var apt = FindFmtp(rtpMap.PayloadType)?.GetParameter("apt");
            if (apt is not null && SdpSyntax.TryParseInt(apt, 0, 127, out int associated) && associated == payloadType)
            {
                return rtpMap.PayloadType;
            }
        }

        return null;
    }

    /// <summary>True when an attribute with this name is among <see cref="OtherAttributes"/> (e.g. "bundle-only").</summary>
    public bool HasOtherAttribute(string name) =>
        OtherAttributes.Exists(a => string.Equals(a.Name, name, StringComparison.Ordinal));

    /// <summary>The values of a=ssrc &lt;ssrc&gt; cname:... etc. for one SSRC (ordinal name).</summary>
    public string? FindSsrcAttribute(uint ssrc, string name)
    {
        foreach (var attribute in SsrcAttributes)
        {
            if (attribute.Ssrc == ssrc && string.Equals(attribute.Name, name, StringComparison.Ordinal))
            {
                return attribute.Value;
            }
        }

        return null;
    }

    /// <summary>The distinct SSRCs of the a=ssrc lines, in first-seen order.</summary>
    public IReadOnlyList<uint> DistinctSsrcs()
    {
        var result = new List<uint>();
        foreach (var attribute in SsrcAttributes)
        {
            if (!result.Contains(attribute.Ssrc))
            {
                result.Add(attribute.Ssrc);
            }
        }

        return result;
    }
}
