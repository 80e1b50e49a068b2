namespace Sfu.Core.Rtcp;

/// <summary>A picture loss indication (PSFB FMT 1, RFC 4585 section 6.3.1). It has no FCI. A plain value.</summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P| FMT=1   |   PT=206      |          length=2             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of packet sender                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of media source                         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public readonly struct PictureLossIndication
{
    /// <summary>Length of a PLI packet.</summary>
    public const int Length = RtcpFeedbackHeader.Length;

    /// <summary>Creates a PLI value.</summary>
    public PictureLossIndication(uint senderSsrc, uint mediaSsrc)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>SSRC of the media source that should send a keyframe.</summary>
    public uint MediaSsrc { get; }

    /// <summary>Parses the PLI at the start of <paramref name="packet"/>. Any FCI bytes are ignored. Never throws.</summary>
    public static RtcpParseError TryParse(ReadOnlySpan<byte> packet, out PictureLossIndication pli)
    {
        pli = default;
        RtcpParseError error = RtcpFeedbackHeader.TryGetFci(
            packet, RtcpPacketType.PayloadFeedback, (int)PayloadFeedbackFormat.PictureLossIndication, out RtcpFeedbackHeader feedback, out _);
        if (error != RtcpParseError.None)
        {
            return error;
        }

        pli = new PictureLossIndication(feedback.SenderSsrc, feedback.MediaSsrc);
        return RtcpParseError.None;
    }

    /// <summary>Writes a PLI and returns its length (12).</summary>
    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc)
    {
        RtcpFeedbackHeader.Write(destination, RtcpPacketType.PayloadFeedback, (int)PayloadFeedbackFormat.PictureLossIndication, Length, senderSsrc, mediaSsrc);
        return Length;
    }
}
