namespace Sfu.Core.Srtp;

/// <summary>Which implementation of AES-CTR, AES-GCM and HMAC-SHA1 an <see cref="SrtpContext"/> uses per packet.</summary>
public enum SrtpCryptoBackend
{
    /// <summary><c>System.Security.Cryptography</c>: <c>AesGcm</c>, a cached AES-ECB transform for CTR, <c>IncrementalHash</c>.</summary>
    DotNet = 0,

    /// <summary>OpenSSL 3 EVP (<c>libcrypto.so.3</c>) through P/Invoke: reused <c>EVP_CIPHER_CTX</c> and <c>EVP_MAC_CTX</c>.</summary>
    OpenSsl = 1,
}
