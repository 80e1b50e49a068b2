using System.Security.Cryptography;

namespace Sfu.Core.Srtp.Crypto;

/// <summary>AES-GCM through one reused <see cref="AesGcm"/> instance.</summary>
internal sealed class DotNetAesGcmCipher : SrtpAesGcmCipher
{
    private readonly AesGcm _gcm;

    public DotNetAesGcmCipher(ReadOnlySpan<byte> key)
    {
        _gcm = new AesGcm(key, TagLength);
    }

    public override bool Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, Span<byte> data, Span<byte> tag)
    {
        _gcm.Encrypt(nonce, data, data, tag, associatedData);
        return true;
    }

    public override bool Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, Span<byte> data, ReadOnlySpan<byte> tag)
    {
        try
        {
            _gcm.Decrypt(nonce, data, tag, data, associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            // AesGcm reports a forged packet only through this exception; it is caught here so that no
            // exception ever leaves the packet path. Forged packets are rare (they need a broken peer or an
            // attacker on the path), so its cost only lands on traffic that is being dropped anyway.
            return false;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gcm.Dispose();
        }
    }
}
