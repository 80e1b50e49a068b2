namespace Sfu.Core.Rtp;

/// <summary>The URIs of the RTP header extensions a WebRTC SFU negotiates with <c>a=extmap</c> (RFC 8285).</summary>
public static class RtpHeaderExtensionUri
{
    /// <summary>Media identification, RFC 9143 (BUNDLE) section 15.</summary>
    public const string Mid = "urn:ietf:params:rtp-hdrext:sdes:mid";

    /// <summary>RTP stream identifier (simulcast RID), RFC 8852.</summary>
    public const string RtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";

    /// <summary>Repaired RTP stream identifier (RID of the stream an RTX stream repairs), RFC 8852.</summary>
    public const string RepairedRtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    /// <summary>Absolute send time, 24-bit 6.18 fixed point seconds (used by REMB / GCC).</summary>
    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    /// <summary>Transport-wide sequence number, 16 bits, draft-holmer-rmcat-transport-wide-cc-extensions-01.</summary>
    public const string TransportWideCc = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    /// <summary>Client-to-mixer audio level, RFC 6464.</summary>
    public const string AudioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    /// <summary>Transmission time offset, RFC 5450.</summary>
    public const string TransmissionTimeOffset = "urn:ietf:params:rtp-hdrext:toffset";

    /// <summary>Coordination of video orientation, 3GPP TS 26.114.</summary>
    public const string VideoOrientation = "urn:3gpp:video-orientation";

    /// <summary>Playout delay limits (WebRTC experiment).</summary>
    public const string PlayoutDelay = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay";

    /// <summary>AV1 RTP specification dependency descriptor (used for SVC with VP9/AV1).</summary>
    public const string DependencyDescriptor =
        "https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension";

    /// <summary>Video content type (WebRTC experiment: screenshare or not).</summary>
    public const string VideoContentType = "http://www.webrtc.org/experiments/rtp-hdrext/video-content-type";

    /// <summary>Video timing (WebRTC experiment).</summary>
    public const string VideoTiming = "http://www.webrtc.org/experiments/rtp-hdrext/video-timing";

    /// <summary>Absolute capture time (WebRTC experiment).</summary>
    public const string AbsoluteCaptureTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time";
}
