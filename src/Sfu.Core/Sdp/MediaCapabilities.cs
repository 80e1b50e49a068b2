using Sfu.Core.Rtp;

namespace Sfu.Core.Sdp;

/// <summary>What the server can receive and forward: codecs and header extensions per media kind.</summary>
public sealed class MediaCapabilities
{
    public List<RtpCodecCapability> Codecs { get; } = [];

    public List<RtpHeaderExtensionCapability> HeaderExtensions { get; } = [];

    /// <summary>
    /// A new instance with the browser codecs: audio opus/48000/2 (minptime=10;useinbandfec=1, transport-cc) and
    /// telephone-event at 48000 and 8000; video VP8, VP9 profile-id 0 and 2, H.264 packetization-mode 1 with
    /// profile-level-id 42e01f, 42001f and 4d001f, AV1, each with RTX and goog-remb, transport-cc, ccm fir, nack,
    /// nack pli; header extensions mid, rid, repaired-rid, abs-send-time, transport-wide-cc (audio and video),
    /// ssrc-audio-level (audio), video-orientation and toffset (video).
    /// </summary>
    public static MediaCapabilities Default => CreateDefault();

    /// <summary>The first capability matching an offered codec (see <see cref="RtpCodecMatcher"/>), or null.</summary>
    public RtpCodecCapability? FindCodec(string kind, RtpMap rtpMap, Fmtp? fmtp)
    {
        var parameters = fmtp?.GetParameterMap() ?? new Dictionary<string, string>();
        return Codecs.Find(c => RtpCodecMatcher.Matches(c, kind, rtpMap.EncodingName, rtpMap.ClockRate, rtpMap.Channels, parameters));
    }

    public bool SupportsHeaderExtension(string kind, string uri) =>
        HeaderExtensions.Exists(h => string.Equals(h.Kind, kind, StringComparison.Ordinal) && string.Equals(h.Uri, uri, StringComparison.Ordinal));

    private static MediaCapabilities CreateDefault()
    {
        var capabilities = new MediaCapabilities();
        var opus = Codec(MediaKinds.Audio, "audio/opus", 48000, 2, "minptime=10;useinbandfec=1");
        opus.Feedback.Add(new RtcpFeedback(null, "transport-cc"));
        capabilities.Codecs.Add(opus);
        capabilities.Codecs.Add(Codec(MediaKinds.Audio, "audio/telephone-event", 48000, null, null));
        capabilities.Codecs.Add(Codec(MediaKinds.Audio, "audio/telephone-event", 8000, null, null));

        capabilities.Codecs.Add(Video("video/VP8", null));
        capabilities.Codecs.Add(Video("video/VP9", "profile-id=0"));
        capabilities.Codecs.Add(Video("video/VP9", "profile-id=2"));
        capabilities.Codecs.Add(Video("video/H264", "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f"));
        capabilities.Codecs.Add(Video("video/H264", "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f"));
        capabilities.Codecs.Add(Video("video/H264", "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f"));
        capabilities.Codecs.Add(Video("video/AV1", null));

        foreach (var kind in new[] { MediaKinds.Audio, MediaKinds.Video })
        {
            foreach (var uri in new[]
            {
                RtpHeaderExtensionUri.Mid, RtpHeaderExtensionUri.RtpStreamId, RtpHeaderExtensionUri.RepairedRtpStreamId,
                RtpHeaderExtensionUri.AbsSendTime, RtpHeaderExtensionUri.TransportWideCc,
            })
            {
                capabilities.HeaderExtensions.Add(new RtpHeaderExtensionCapability(kind, uri));
            }
        }

        capabilities.HeaderExtensions.Add(new RtpHeaderExtensionCapability(MediaKinds.Audio, RtpHeaderExtensionUri.AudioLevel));
        capabilities.HeaderExtensions.Add(new RtpHeaderExtensionCapability(MediaKinds.Video, RtpHeaderExtensionUri.VideoOrientation));
        capabilities.HeaderExtensions.Add(new RtpHeaderExtensionCapability(MediaKinds.Video, RtpHeaderExtensionUri.TransmissionTimeOffset));
        return capabilities;
    }

    private static RtpCodecCapability Video(string mimeType, string? parameters)
    {
        var codec = Codec(MediaKinds.Video, mimeType, 90000, null, parameters);
        codec.Rtx = true;
        codec.Feedback.Add(new RtcpFeedback(null, "goog-remb"));
        codec.Feedback.Add(new RtcpFeedback(null, "transport-cc"));
        codec.Feedback.Add(new RtcpFeedback(null, "ccm", "fir"));
        codec.Feedback.Add(new RtcpFeedback(null, "nack"));
        codec.Feedback.Add(new RtcpFeedback(null, "nack", "pli"));
        return codec;
    }

    private static RtpCodecCapability Codec(string kind, string mimeType, int clockRate, int? channels, string? parameters)
    {
        var codec = new RtpCodecCapability { Kind = kind, MimeType = mimeType, ClockRate = clockRate, Channels = channels };
        foreach (var (key, value) in Fmtp.ParseParameterMap(parameters))
        {
            codec.Parameters[key] = value;
        }

        return codec;
    }
}
