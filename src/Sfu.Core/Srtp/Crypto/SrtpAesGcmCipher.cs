namespace Sfu.Core.Srtp.Crypto;

/// <summary>
/// AES-GCM with a 12-byte nonce and a 16-byte tag (RFC 7714), keyed once with a session encryption key and reused
/// for every packet; not thread-safe.
/// </summary>
internal abstract class SrtpAesGcmCipher : IDisposable
{
    /// <summary>GCM nonce length used by SRTP.</summary>
    public const int NonceLength = 12;

    /// <summary>GCM tag length used by SRTP.</summary>
    public const int TagLength = 16;

    /// <summary>Encrypts <paramref name="data"/> in place and writes the tag. False if the crypto library failed.</summary>
    public abstract bool Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, Span<byte> data, Span<byte> tag);

    /// <summary>
    /// Verifies <paramref name="tag"/> and decrypts <paramref name="data"/> in place. Returns false when the tag does
    /// not match; <paramref name="data"/> is then unspecified.
    /// </summary>
    public abstract bool Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, Span<byte> data, ReadOnlySpan<byte> tag);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);
}
