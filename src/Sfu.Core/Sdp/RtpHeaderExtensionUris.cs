namespace Sfu.Core.Sdp;

/// <summary>URIs of the RTP header extensions the server knows (a=extmap values).</summary>
public static class RtpHeaderExtensionUris
{
    /// <summary>RFC 8843 15.2: the m-section's mid.</summary>
    public const string Mid = "urn:ietf:params:rtp-hdrext:sdes:mid";

    /// <summary>RFC 8852 3.1: RtpStreamId (the simulcast rid).</summary>
    public const string Rid = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";

    /// <summary>RFC 8852 3.2: RepairedRtpStreamId (the rid an RTX stream repairs).</summary>
    public const string RepairedRid = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    /// <summary>Transport-wide sequence numbers for transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01).</summary>
    public const string TransportWideCc = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    /// <summary>RFC 6464: client-to-mixer audio level.</summary>
    public const string SsrcAudioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    /// <summary>3GPP TS 26.114 coordination of video orientation.</summary>
    public const string VideoOrientation = "urn:3gpp:video-orientation";

    /// <summary>RFC 5450: transmission time offset.</summary>
    public const string TimeOffset = "urn:ietf:params:rtp-hdrext:toffset";
}
