using System.Globalization;

namespace Sfu.Core.Sdp;

/// <summary>
/// The H.264 profile-level-id fmtp parameter (RFC 6184 8.1): three bytes as six hex digits,
/// <c>profile_idc</c>, <c>profile-iop</c> (constraint_set0..5 flags and two reserved zero bits) and <c>level_idc</c>.
/// The profile is recognised from profile_idc plus a pattern of profile-iop bits
/// ('x' = either, as in RFC 6184 Table 5 and the WebRTC implementations):
/// <code>
///   42 x1xx0000  Constrained Baseline     42 x0xx0000  Baseline
///   4D 1xxx0000  Constrained Baseline     4D 0x0x0000  Main
///   58 11xx0000  Constrained Baseline     58 10xx0000  Baseline     58 00xx0000  Extended
///   64 00000000  High                     64 00001100  Constrained High
///   F4 00000000  Predictive High 4:4:4
/// </code>
/// </summary>
public readonly record struct H264ProfileLevelId(H264Profile Profile, byte ProfileIdc, byte ProfileIop, byte LevelIdc)
{
    /// <summary>The value RFC 6184 8.1 implies when profile-level-id is absent (Baseline, level 1.0).</summary>
    public const string DefaultText = "420010";

    private static readonly (byte ProfileIdc, byte Mask, byte Value, H264Profile Profile)[] Patterns =
    [
        (0x42, Mask("x1xx0000"), Bits("x1xx0000"), H264Profile.ConstrainedBaseline),
        (0x4D, Mask("1xxx0000"), Bits("1xxx0000"), H264Profile.ConstrainedBaseline),
        (0x58, Mask("11xx0000"), Bits("11xx0000"), H264Profile.ConstrainedBaseline),
        (0x42, Mask("x0xx0000"), Bits("x0xx0000"), H264Profile.Baseline),
        (0x58, Mask("10xx0000"), Bits("10xx0000"), H264Profile.Baseline),
        (0x58, Mask("00xx0000"), Bits("00xx0000"), H264Profile.Extended),
        (0x4D, Mask("0x0x0000"), Bits("0x0x0000"), H264Profile.Main),
        (0x64, Mask("00000000"), Bits("00000000"), H264Profile.High),
        (0x64, Mask("00001100"), Bits("00001100"), H264Profile.ConstrainedHigh),
        (0xF4, Mask("00000000"), Bits("00000000"), H264Profile.PredictiveHigh444),
    ];

    /// <summary>Parses six hex digits; false for other text or a profile outside the table above.</summary>
    public static bool TryParse(string? text, out H264ProfileLevelId value)
    {
        value = default;
        if (text is null || text.Length != 6
            || !uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint bits))
        {
            return false;
        }

        byte profileIdc = (byte)(bits >> 16);
        byte profileIop = (byte)(bits >> 8);
        byte levelIdc = (byte)bits;
        foreach (var pattern in Patterns)
        {
            if (pattern.ProfileIdc == profileIdc && (profileIop & pattern.Mask) == pattern.Value)
            {
                value = new H264ProfileLevelId(pattern.Profile, profileIdc, profileIop, levelIdc);
                return true;
            }
        }

        return false;
    }

    private static byte Mask(string pattern) => Convert(pattern, c => c != 'x');

    private static byte Bits(string pattern) => Convert(pattern, c => c == '1');

    private static byte Convert(string pattern, Func<char, bool> set)
    {
        int result = 0;
        foreach (char c in pattern)
        {
            result = (result << 1) | (set(c) ? 1 : 0);
        }

        return (byte)result;
    }
}
