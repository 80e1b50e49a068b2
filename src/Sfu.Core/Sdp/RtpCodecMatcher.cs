namespace Sfu.Core.Sdp;

/// <summary>
/// Decides whether an offered codec is the same codec as a capability: same MIME type (ignoring case), clock rate and,
/// for audio, channel count (absent = 1); for H.264 the same profile (profile_idc and profile-iop constraint bits; the
/// level never blocks a match: RFC 6184 8.2.2 lets the answerer pick its level, and level-asymmetry-allowed makes the
/// two directions independent) and the same packetization-mode (absent = 0); for VP9 the same profile-id (absent = 0);
/// for AV1 the same profile (absent = 0).
/// </summary>
public static class RtpCodecMatcher
{
    public static bool Matches(
        RtpCodecCapability capability,
        string kind,
        string encodingName,
        int clockRate,
        int? channels,
        IReadOnlyDictionary<string, string> parameters)
    {
        if (!string.Equals(capability.Kind, kind, StringComparison.Ordinal)
            || !string.Equals(capability.EncodingName, encodingName, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(capability.MimeType, kind + "/" + capability.EncodingName, StringComparison.OrdinalIgnoreCase)
            || capability.ClockRate != clockRate)
        {
            return false;
        }

        if (string.Equals(kind, MediaKinds.Audio, StringComparison.Ordinal) && (capability.Channels ?? 1) != (channels ?? 1))
        {
            return false;
        }

        return encodingName.ToUpperInvariant() switch
        {
            "H264" => SameH264Profile(capability.Parameters, parameters)
                && SameParameter(capability.Parameters, parameters, "packetization-mode", "0"),
            "VP9" => SameParameter(capability.Parameters, parameters, "profile-id", "0"),
            "AV1" => SameParameter(capability.Parameters, parameters, "profile", "0"),
            _ => true,
        };
    }

    /// <summary>Convenience overload for an m-section's rtpmap and fmtp.</summary>
    public static bool Matches(RtpCodecCapability capability, string kind, RtpMap rtpMap, Fmtp? fmtp) =>
        Matches(capability, kind, rtpMap.EncodingName, rtpMap.ClockRate, rtpMap.Channels,
            fmtp?.GetParameterMap() ?? new Dictionary<string, string>());

    private static bool SameH264Profile(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        var first = a.GetValueOrDefault("profile-level-id", H264ProfileLevelId.DefaultText);
        var second = b.GetValueOrDefault("profile-level-id", H264ProfileLevelId.DefaultText);
        return H264ProfileLevelId.TryParse(first, out var x)
            && H264ProfileLevelId.TryParse(second, out var y)
            && x.Profile == y.Profile;
    }

    private static bool SameParameter(
        IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b, string key, string defaultValue) =>
        string.Equals(a.GetValueOrDefault(key, defaultValue), b.GetValueOrDefault(key, defaultValue), StringComparison.OrdinalIgnoreCase);
}
