namespace Sfu.Core.Srtp;

/// <summary>
/// The session keys of one direction of SRTP or of SRTCP: encryption key k_e, authentication key k_a (empty for the
/// AEAD profiles) and salting key k_s (RFC 3711 section 4.3, RFC 7714 section 11).
/// </summary>
internal sealed class SrtpSessionKeys
{
    internal SrtpSessionKeys(byte[] encryptionKey, byte[] authenticationKey, byte[] salt)
    {
        EncryptionKey = encryptionKey;
        AuthenticationKey = authenticationKey;
        Salt = salt;
    }

    internal byte[] EncryptionKey { get; }

    internal byte[] AuthenticationKey { get; }

    internal byte[] Salt { get; }

    /// <summary>Length of k_a for HMAC-SHA1 (RFC 3711 section 8.2: n_a = 160).</summary>
    internal const int HmacSha1KeyLength = 20;

    /// <summary>Derives the SRTP (<paramref name="rtcp"/> false) or SRTCP session keys of <paramref name="profile"/>.</summary>
    internal static SrtpSessionKeys Derive(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, bool rtcp)
    {
        byte encryptionLabel = rtcp ? SrtpKeyDerivation.LabelRtcpEncryption : SrtpKeyDerivation.LabelRtpEncryption;
        byte authenticationLabel = rtcp ? SrtpKeyDerivation.LabelRtcpAuthentication : SrtpKeyDerivation.LabelRtpAuthentication;
        byte saltLabel = rtcp ? SrtpKeyDerivation.LabelRtcpSalt : SrtpKeyDerivation.LabelRtpSalt;

        byte[] encryptionKey = new byte[profile.MasterKeyLength()];
        byte[] salt = new byte[profile.MasterSaltLength()];
        byte[] authenticationKey = profile == SrtpProfile.AesCm128HmacSha1_80 ? new byte[HmacSha1KeyLength] : [];
        SrtpKeyDerivation.Derive(masterKey, masterSalt, encryptionLabel, encryptionKey);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, saltLabel, salt);
        if (authenticationKey.Length > 0)
        {
            SrtpKeyDerivation.Derive(masterKey, masterSalt, authenticationLabel, authenticationKey);
        }

        return new SrtpSessionKeys(encryptionKey, authenticationKey, salt);
    }
}
