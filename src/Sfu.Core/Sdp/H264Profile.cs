namespace Sfu.Core.Sdp;

/// <summary>H.264 profiles distinguished by profile_idc and the constraint (profile-iop) bits (RFC 6184 8.1).</summary>
public enum H264Profile
{
    ConstrainedBaseline,
    Baseline,
    Main,
    Extended,
    High,
    ConstrainedHigh,
    PredictiveHigh444,
}
