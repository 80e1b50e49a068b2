namespace Sfu.Core.Srtp.Crypto;

/// <summary>
/// AES in counter mode as SRTP uses it (RFC 3711 section 4.1.1): the keystream is AES_k(IV), AES_k(IV + 1), ...
/// XORed onto the data. One instance per session encryption key; reused for every packet, not thread-safe.
/// </summary>
internal abstract class SrtpAesCtrCipher : IDisposable
{
    /// <summary>
    /// XORs the keystream that starts at the 16-byte <paramref name="initialCounter"/> onto <paramref name="data"/> in
    /// place. False if the crypto library failed.
    /// </summary>
    public abstract bool Transform(ReadOnlySpan<byte> initialCounter, Span<byte> data);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);
}
