using Sfu.Core.Rtp;
using Sfu.Core.Sdp;

namespace Sfu.Core.Tests.Forwarding;

/// <summary>
/// Codec lists and extension ids as a Chromium publisher negotiates them, and a subscriber with different payload
/// types and extension ids for everything, so every rewrite is visible.
/// </summary>
internal static class TestCodecs
{
    public const RtcpFeedbackFlags VideoFeedback =
        RtcpFeedbackFlags.Nack | RtcpFeedbackFlags.Pli | RtcpFeedbackFlags.Fir | RtcpFeedbackFlags.Remb | RtcpFeedbackFlags.TransportCc;

    // Publisher payload types (Chromium's).
    public const byte PubOpus = 111;
    public const byte PubTelephoneEvent = 126;
    public const byte PubVp8 = 96;
    public const byte PubVp8Rtx = 97;
    public const byte PubH264 = 102;
    public const byte PubH264Rtx = 103;

    // Subscriber payload types.
    public const byte SubOpus = 109;
    public const byte SubTelephoneEvent = 101;
    public const byte SubVp8 = 120;
    public const byte SubH264 = 125;

    // Publisher extension ids.
    public const int PubAudioLevel = 1;
    public const int PubAbsSendTime = 2;
    public const int PubTransportCc = 3;
    public const int PubMid = 4;
    public const int PubRid = 10;
    public const int PubRepairedRid = 11;
    public const int PubVideoOrientation = 13;
    public const int PubAbsCaptureTime = 7;

    // Subscriber extension ids.
    public const int SubMid = 9;
    public const int SubAudioLevel = 6;
    public const int SubTransportCc = 5;
    public const int SubAbsSendTime = 12;
    public const int SubVideoOrientation = 14;

    public static NegotiatedCodec Opus(int payloadType) => new()
    {
        PayloadType = payloadType,
        MimeType = "audio/opus",
        ClockRate = 48000,
        Channels = 2,
        Fmtp = "minptime=10;useinbandfec=1",
        Feedback = RtcpFeedbackFlags.TransportCc,
    };

    public static NegotiatedCodec TelephoneEvent(int payloadType) => new()
    {
        PayloadType = payloadType,
        MimeType = "audio/telephone-event",
        ClockRate = 48000,
    };

    public static NegotiatedCodec Vp8(int payloadType, int? rtx = null, RtcpFeedbackFlags feedback = VideoFeedback) => new()
    {
        PayloadType = payloadType,
        MimeType = "video/VP8",
        ClockRate = 90000,
        Feedback = feedback,
        RtxPayloadType = rtx,
        RtxFmtp = rtx is null ? null : "apt=" + payloadType,
    };

    public static NegotiatedCodec H264(int payloadType, int? rtx = null, string profile = "42e01f", int packetizationMode = 1) => new()
    {
        PayloadType = payloadType,
        MimeType = "video/H264",
        ClockRate = 90000,
        Fmtp = "level-asymmetry-allowed=1;packetization-mode=" + packetizationMode + ";profile-level-id=" + profile,
        Feedback = VideoFeedback,
        RtxPayloadType = rtx,
    };

    public static IReadOnlyList<NegotiatedCodec> PublisherAudio => [Opus(PubOpus), TelephoneEvent(PubTelephoneEvent)];

    public static IReadOnlyList<NegotiatedCodec> SubscriberAudio => [Opus(SubOpus), TelephoneEvent(SubTelephoneEvent)];

    public static IReadOnlyList<NegotiatedCodec> PublisherVideo => [Vp8(PubVp8, PubVp8Rtx), H264(PubH264, PubH264Rtx)];

    public static IReadOnlyList<NegotiatedCodec> SubscriberVideo => [Vp8(SubVp8, 121), H264(SubH264, 127)];

    public static Dictionary<string, int> PublisherExtensions => new()
    {
        [RtpHeaderExtensionUri.AudioLevel] = PubAudioLevel,
        [RtpHeaderExtensionUri.AbsSendTime] = PubAbsSendTime,
        [RtpHeaderExtensionUri.TransportWideCc] = PubTransportCc,
        [RtpHeaderExtensionUri.Mid] = PubMid,
        [RtpHeaderExtensionUri.RtpStreamId] = PubRid,
        [RtpHeaderExtensionUri.RepairedRtpStreamId] = PubRepairedRid,
        [RtpHeaderExtensionUri.VideoOrientation] = PubVideoOrientation,
        [RtpHeaderExtensionUri.AbsoluteCaptureTime] = PubAbsCaptureTime,
    };

    public static Dictionary<string, int> SubscriberExtensions => new()
    {
        [RtpHeaderExtensionUri.Mid] = SubMid,
        [RtpHeaderExtensionUri.AudioLevel] = SubAudioLevel,
        [RtpHeaderExtensionUri.TransportWideCc] = SubTransportCc,
        [RtpHeaderExtensionUri.AbsSendTime] = SubAbsSendTime,
        [RtpHeaderExtensionUri.VideoOrientation] = SubVideoOrientation,
    };
}
