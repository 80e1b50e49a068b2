namespace Sfu.Core.Forwarding;

/// <summary>What the publisher negotiated that lets the server repair its stream, for operators (admin stats).</summary>
public sealed partial class PublishedTrack
{
    private string[]? _negotiatedFeedback;

    /// <summary>
    /// The RTCP feedback the publisher's codecs negotiated, by their SDP names (<c>pli</c>, <c>fir</c>, <c>nack</c>,
    /// <c>transport-cc</c>, <c>goog-remb</c>); empty for a publisher that offered none (GStreamer's webrtcbin).
    /// </summary>
    public IReadOnlyList<string> NegotiatedFeedback => _negotiatedFeedback ??= BuildFeedbackNames();

    /// <summary>
    /// For video without PLI, FIR and NACK: why a loss shows until the publisher's next periodic keyframe (the server
    /// can neither ask for a keyframe nor for a retransmission); else null.
    /// </summary>
    public string? RecoveryNote => Kind == MediaKind.Video && !SupportsPli && !SupportsFir && !SupportsNack
        ? "no PLI/FIR/NACK negotiated: the server cannot ask this publisher for keyframes or retransmissions, so video recovers from loss only at its periodic keyframes"
        : Kind == MediaKind.Video && !SupportsPli && !SupportsFir
            ? "no PLI/FIR negotiated: the server cannot ask this publisher for keyframes, so new subscribers and layer switches wait for its periodic keyframes"
            : null;

    private string[] BuildFeedbackNames()
    {
        var names = new List<string>(5);
        if (SupportsPli)
        {
            names.Add("pli");
        }

        if (SupportsFir)
        {
            names.Add("fir");
        }

        if (SupportsNack)
        {
            names.Add("nack");
        }

        if (SupportsTransportCc)
        {
            names.Add("transport-cc");
        }

        if (SupportsRemb)
        {
            names.Add("goog-remb");
        }

        return names.ToArray();
    }
}
