namespace Sfu.Core.Sdp;

/// <summary>Maps between rtcp-fb lines and <see cref="RtcpFeedbackFlags"/>.</summary>
public static class RtcpFeedbackFlagsExtensions
{
    /// <summary>The flag an rtcp-fb line stands for, or None for feedback the engine does not use.</summary>
    public static RtcpFeedbackFlags ToFlag(this RtcpFeedback feedback)
    {
        var type = feedback.Type.ToLowerInvariant();
        var subtype = feedback.Subtype?.ToLowerInvariant();
        return (type, subtype) switch
        {
            ("nack", null) => RtcpFeedbackFlags.Nack,
            ("nack", "pli") => RtcpFeedbackFlags.Pli,
            ("ccm", "fir") => RtcpFeedbackFlags.Fir,
            ("goog-remb", null) => RtcpFeedbackFlags.Remb,
            ("transport-cc", null) => RtcpFeedbackFlags.TransportCc,
            _ => RtcpFeedbackFlags.None,
        };
    }

    /// <summary>The union of the flags of several rtcp-fb lines.</summary>
    public static RtcpFeedbackFlags ToFlags(this IEnumerable<RtcpFeedback> feedback)
    {
        var flags = RtcpFeedbackFlags.None;
        foreach (var item in feedback)
        {
            flags |= item.ToFlag();
        }

        return flags;
    }

    /// <summary>rtcp-fb lines for a payload type, in the order browsers write them (goog-remb, transport-cc, ccm fir, nack, nack pli).</summary>
    public static IEnumerable<RtcpFeedback> ToFeedback(this RtcpFeedbackFlags flags, int? payloadType)
    {
        if ((flags & RtcpFeedbackFlags.Remb) != 0)
        {
            yield return new RtcpFeedback(payloadType, "goog-remb");
        }

        if ((flags & RtcpFeedbackFlags.TransportCc) != 0)
        {
            yield return new RtcpFeedback(payloadType, "transport-cc");
        }

        if ((flags & RtcpFeedbackFlags.Fir) != 0)
        {
            yield return new RtcpFeedback(payloadType, "ccm", "fir");
        }

        if ((flags & RtcpFeedbackFlags.Nack) != 0)
        {
            yield return new RtcpFeedback(payloadType, "nack");
        }

        if ((flags & RtcpFeedbackFlags.Pli) != 0)
        {
            yield return new RtcpFeedback(payloadType, "nack", "pli");
        }
    }
}
