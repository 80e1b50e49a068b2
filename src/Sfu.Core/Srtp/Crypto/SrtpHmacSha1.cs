namespace Sfu.Core.Srtp.Crypto;

/// <summary>
/// HMAC-SHA1 keyed once with a session authentication key (RFC 3711 section 4.2.1) and reused for every packet;
/// not thread-safe.
/// </summary>
internal abstract class SrtpHmacSha1 : IDisposable
{
    /// <summary>Length of an HMAC-SHA1 output in bytes.</summary>
    public const int MacLength = 20;

    /// <summary>
    /// Writes HMAC(key, <paramref name="data"/> || <paramref name="suffix"/>) into the first 20 bytes of
    /// <paramref name="mac"/>. False if the crypto library failed (then <paramref name="mac"/> is meaningless).
    /// </summary>
    public abstract bool Compute(ReadOnlySpan<byte> data, ReadOnlySpan<byte> suffix, Span<byte> mac);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);
}
