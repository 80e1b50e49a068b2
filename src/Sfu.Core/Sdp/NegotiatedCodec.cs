namespace Sfu.Core.Sdp;

/// <summary>A codec agreed on one m-section: its payload type, identity, fmtp, feedback and RTX payload type.</summary>
public sealed class NegotiatedCodec
{
    public int PayloadType { get; init; }

    /// <summary>"kind/encoding" as the offer spells the encoding, e.g. "video/VP8".</summary>
    public string MimeType { get; init; } = "";

    public int ClockRate { get; init; }

    /// <summary>Audio channels when the rtpmap names them.</summary>
    public int? Channels { get; init; }

    /// <summary>The fmtp parameter text, or null when there is none.</summary>
    public string? Fmtp { get; init; }

    public RtcpFeedbackFlags Feedback { get; init; }

    /// <summary>The RTX payload type (RFC 4588) repairing this codec, when negotiated.</summary>
    public int? RtxPayloadType { get; init; }

    /// <summary>The RTX fmtp text as negotiated (e.g. "apt=96" or "apt=96;rtx-time=3000"); null without RTX.</summary>
    public string? RtxFmtp { get; init; }

    public bool Nack => (Feedback & RtcpFeedbackFlags.Nack) != 0;

    public bool Pli => (Feedback & RtcpFeedbackFlags.Pli) != 0;

    public bool Fir => (Feedback & RtcpFeedbackFlags.Fir) != 0;

    public bool Remb => (Feedback & RtcpFeedbackFlags.Remb) != 0;

    public bool TransportCc => (Feedback & RtcpFeedbackFlags.TransportCc) != 0;

    /// <summary>The encoding name part of <see cref="MimeType"/>, e.g. "VP8".</summary>
    public string EncodingName
    {
        get
        {
            int slash = MimeType.IndexOf('/', StringComparison.Ordinal);
            return slash < 0 ? MimeType : MimeType[(slash + 1)..];
        }
    }

    /// <summary>The fmtp parameters as a map (see <see cref="Sdp.Fmtp.ParseParameterMap"/>).</summary>
    public IReadOnlyDictionary<string, string> GetParameterMap() => Sdp.Fmtp.ParseParameterMap(Fmtp);

    public override string ToString() =>
        SdpSyntax.Invariant(PayloadType) + " " + MimeType + "/" + SdpSyntax.Invariant(ClockRate)
        + (RtxPayloadType is int rtx ? " rtx " + SdpSyntax.Invariant(rtx) : "");
}
