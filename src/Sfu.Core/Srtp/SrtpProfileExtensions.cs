namespace Sfu.Core.Srtp;

/// <summary>Key, salt and tag sizes of each <see cref="SrtpProfile"/>.</summary>
public static class SrtpProfileExtensions
{
    /// <summary>Master key length in bytes.</summary>
    public static int MasterKeyLength(this SrtpProfile profile) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1_80 => 16,
        SrtpProfile.AeadAes128Gcm => 16,
        SrtpProfile.AeadAes256Gcm => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unknown SRTP profile."),
    };

    /// <summary>Master salt length in bytes (14 for AES-CM, 12 for AEAD).</summary>
    public static int MasterSaltLength(this SrtpProfile profile) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1_80 => 14,
        SrtpProfile.AeadAes128Gcm => 12,
        SrtpProfile.AeadAes256Gcm => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unknown SRTP profile."),
    };

    /// <summary>Authentication tag length in bytes appended to each SRTP packet.</summary>
    public static int RtpAuthTagLength(this SrtpProfile profile) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1_80 => 10,
        SrtpProfile.AeadAes128Gcm or SrtpProfile.AeadAes256Gcm => 16,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unknown SRTP profile."),
    };

    /// <summary>The name OpenSSL uses in <c>SSL_CTX_set_tlsext_use_srtp</c>.</summary>
    public static string OpenSslName(this SrtpProfile profile) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1_80 => "SRTP_AES128_CM_SHA1_80",
        SrtpProfile.AeadAes128Gcm => "SRTP_AEAD_AES_128_GCM",
        SrtpProfile.AeadAes256Gcm => "SRTP_AEAD_AES_256_GCM",
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unknown SRTP profile."),
    };
}
