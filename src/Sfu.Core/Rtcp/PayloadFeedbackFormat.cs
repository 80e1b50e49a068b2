namespace Sfu.Core.Rtcp;

/// <summary>FMT values of payload-specific feedback (PSFB, PT 206).</summary>
public enum PayloadFeedbackFormat : byte
{
    /// <summary>Picture loss indication, RFC 4585 section 6.3.1.</summary>
    PictureLossIndication = 1,

    /// <summary>Slice loss indication, RFC 4585 section 6.3.2.</summary>
    SliceLossIndication = 2,

    /// <summary>Reference picture selection indication, RFC 4585 section 6.3.3.</summary>
    ReferencePictureSelectionIndication = 3,

    /// <summary>Full intra request, RFC 5104 section 4.3.1.</summary>
    FullIntraRequest = 4,

    /// <summary>Application layer feedback, RFC 4585 section 6.4; carries REMB.</summary>
    ApplicationLayerFeedback = 15,
}
