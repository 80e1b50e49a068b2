namespace Sfu.Core.Rtp;

/// <summary>
/// Why an RTP packet was rejected by <see cref="RtpHeader.TryParse"/>. <see cref="None"/> means success.
/// Values are stable so callers can count them in a metric keyed by reason.
/// </summary>
public enum RtpParseError
{
    /// <summary>The packet was parsed successfully.</summary>
    None = 0,

    /// <summary>Shorter than the 12-byte fixed header.</summary>
    TooShort,

    /// <summary>The version field is not 2.</summary>
    BadVersion,

    /// <summary>The CSRC count announces more CSRC identifiers than the packet holds.</summary>
    CsrcOverrun,

    /// <summary>The X bit is set but the extension header or its announced length does not fit in the packet.</summary>
    ExtensionOverrun,

    /// <summary>The P bit is set but the padding count is zero or larger than what follows the header.</summary>
    BadPadding,
}
