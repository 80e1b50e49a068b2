namespace Sfu.Core.Ice;

/// <summary>Why <see cref="StunMessage.TryParse"/> rejected a datagram; one value per reason so callers can count them.</summary>
public enum StunParseError
{
    /// <summary>The datagram is a well-formed STUN message.</summary>
    None = 0,

    /// <summary>Shorter than the 20-byte STUN header.</summary>
    TooShort,

    /// <summary>The two leading bits are not zero or the magic cookie is not 0x2112A442: not STUN (RFC 5389 and later).</summary>
    NotStun,

    /// <summary>The header's message length is not a multiple of 4.</summary>
    LengthNotMultipleOfFour,

    /// <summary>The header's message length plus 20 differs from the datagram length.</summary>
    LengthMismatch,

    /// <summary>An attribute header or its padded value runs past the end of the message.</summary>
    AttributeTruncated,

    /// <summary>A MESSAGE-INTEGRITY attribute whose value is not 20 bytes.</summary>
    BadMessageIntegrityLength,

    /// <summary>An attribute follows FINGERPRINT, which must be last.</summary>
    FingerprintNotLast,

    /// <summary>FINGERPRINT is not 4 bytes or does not match the CRC-32 of the message.</summary>
    BadFingerprint,
}
