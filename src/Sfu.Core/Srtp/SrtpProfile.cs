namespace Sfu.Core.Srtp;

/// <summary>
/// The SRTP protection profiles negotiated through DTLS-SRTP (RFC 5764 section 4.1.2, RFC 7714 section 14.2).
/// The numeric values are the IANA profile identifiers carried in the <c>use_srtp</c> extension.
/// </summary>
public enum SrtpProfile
{
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80 (RFC 3711): AES-128 counter mode, 80-bit HMAC-SHA1 tag.</summary>
    AesCm128HmacSha1_80 = 0x0001,

    /// <summary>SRTP_AEAD_AES_128_GCM (RFC 7714): AES-128-GCM, 16-byte tag.</summary>
    AeadAes128Gcm = 0x0007,

    /// <summary>SRTP_AEAD_AES_256_GCM (RFC 7714): AES-256-GCM, 16-byte tag.</summary>
    AeadAes256Gcm = 0x0008,
}
