using Sfu.Core.Interop;

namespace Sfu.Core.Srtp.Crypto;

/// <summary>
/// AES-128-CTR through an OpenSSL <c>EVP_CIPHER_CTX</c> keyed once; each packet only installs its IV
/// (<c>EVP_CipherInit_ex(ctx, NULL, NULL, NULL, iv, 1)</c>, which also resets the partial-block offset).
/// </summary>
internal sealed unsafe class OpenSslAesCtrCipher : SrtpAesCtrCipher
{
    private readonly EvpCipherContextHandle _handle;
    private readonly nint _ctx;
    private bool _addedRef;

    public OpenSslAesCtrCipher(ReadOnlySpan<byte> key)
    {
        if (key.Length != 16)
        {
            throw new ArgumentException("AES-CM in SRTP uses a 128-bit key here.", nameof(key));
        }

        _handle = LibCryptoEvp.EVP_CIPHER_CTX_new();
        if (_handle.IsInvalid)
        {
            throw new InvalidOperationException("EVP_CIPHER_CTX_new failed.");
        }

        fixed (byte* k = key)
        {
            if (LibCryptoEvp.EVP_CipherInit_ex(_handle.DangerousGetHandle(), LibCryptoEvp.EVP_aes_128_ctr(), 0, k, null, 1) != 1)
            {
                _handle.Dispose();
                throw new InvalidOperationException("EVP_CipherInit_ex(aes-128-ctr) failed.");
            }
        }

        // Held until Dispose so the raw pointer used per packet stays valid without per-call SafeHandle marshalling.
        _handle.DangerousAddRef(ref _addedRef);
        _ctx = _handle.DangerousGetHandle();
    }

    public override bool Transform(ReadOnlySpan<byte> initialCounter, Span<byte> data)
    {
        if (data.IsEmpty)
        {
            return true;
        }

        int written = 0;
        fixed (byte* iv = initialCounter)
        fixed (byte* p = data)
        {
            return LibCryptoEvp.EVP_CipherInit_ex(_ctx, 0, 0, null, iv, 1) == 1
                && LibCryptoEvp.EVP_CipherUpdate(_ctx, p, &written, p, data.Length) == 1
                && written == data.Length;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (_addedRef)
            {
                _handle.DangerousRelease();
                _addedRef = false;
            }

            _handle.Dispose();
        }
    }
}
