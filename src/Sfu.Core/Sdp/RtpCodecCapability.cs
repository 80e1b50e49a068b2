namespace Sfu.Core.Sdp;

/// <summary>A codec the server can receive and forward, with the parameters that identify it and the feedback it supports.</summary>
public sealed class RtpCodecCapability
{
    /// <summary>"audio" or "video".</summary>
    public string Kind { get; set; } = MediaKinds.Video;

    /// <summary>"kind/encoding", e.g. "video/VP8", "audio/opus".</summary>
    public string MimeType { get; set; } = "";

    public int ClockRate { get; set; }

    /// <summary>Audio channels; null means 1 (and is ignored for video).</summary>
    public int? Channels { get; set; }

    /// <summary>fmtp parameters (keys compared ignoring case), e.g. "profile-id" → "2".</summary>
    public Dictionary<string, string> Parameters { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Supported rtcp-fb types (payload type null), e.g. "nack", "nack pli", "ccm fir", "goog-remb", "transport-cc".</summary>
    public List<RtcpFeedback> Feedback { get; } = [];

    /// <summary>True when RTX (RFC 4588) retransmission is supported for this codec.</summary>
    public bool Rtx { get; set; }

    /// <summary>The encoding name part of <see cref="MimeType"/>, e.g. "VP8".</summary>
    public string EncodingName
    {
        get
        {
            int slash = MimeType.IndexOf('/', StringComparison.Ordinal);
            return slash < 0 ? MimeType : MimeType[(slash + 1)..];
        }
    }

    /// <summary>True when the capability lists this feedback (type and subtype, ignoring case).</summary>
    public bool SupportsFeedback(RtcpFeedback feedback) => Feedback.Exists(f => f.SameFeedbackAs(feedback));

    public override string ToString()
    {
        var text = MimeType + "/" + SdpSyntax.Invariant(ClockRate);
        if (Channels is int channels)
        {
            text += "/" + SdpSyntax.Invariant(channels);
        }

        return Parameters.Count == 0 ? text : text + " " + Fmtp.FormatParameterMap(Parameters);
    }
}
