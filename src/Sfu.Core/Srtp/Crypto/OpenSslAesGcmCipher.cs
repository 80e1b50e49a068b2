using Sfu.Core.Interop;

namespace Sfu.Core.Srtp.Crypto;

/// <summary>
/// AES-128-GCM or AES-256-GCM through an OpenSSL <c>EVP_CIPHER_CTX</c> keyed once; each packet installs its nonce
/// and direction with <c>EVP_CipherInit_ex(ctx, NULL, NULL, NULL, iv, enc)</c> and sets or reads the tag with
/// <c>EVP_CIPHER_CTX_ctrl</c>.
/// </summary>
internal sealed unsafe class OpenSslAesGcmCipher : SrtpAesGcmCipher
{
    private readonly EvpCipherContextHandle _handle;
    private readonly nint _ctx;
    private bool _addedRef;

    public OpenSslAesGcmCipher(ReadOnlySpan<byte> key)
    {
        nint cipher = key.Length switch
        {
            16 => LibCryptoEvp.EVP_aes_128_gcm(),
            32 => LibCryptoEvp.EVP_aes_256_gcm(),
            _ => throw new ArgumentException("AES-GCM keys are 16 or 32 bytes.", nameof(key)),
        };

        _handle = LibCryptoEvp.EVP_CIPHER_CTX_new();
        if (_handle.IsInvalid)
        {
            throw new InvalidOperationException("EVP_CIPHER_CTX_new failed.");
        }

        nint ctx = _handle.DangerousGetHandle();
        fixed (byte* k = key)
        {
            if (LibCryptoEvp.EVP_CipherInit_ex(ctx, cipher, 0, null, null, 1) != 1
                || LibCryptoEvp.EVP_CIPHER_CTX_ctrl(ctx, LibCryptoEvp.EVP_CTRL_GCM_SET_IVLEN, NonceLength, null) != 1
                || LibCryptoEvp.EVP_CipherInit_ex(ctx, 0, 0, k, null, 1) != 1)
            {
                _handle.Dispose();
                throw new InvalidOperationException("EVP_CipherInit_ex(aes-gcm) failed.");
            }
        }

        // Held until Dispose so the raw pointer used per packet stays valid without per-call SafeHandle marshalling.
        _handle.DangerousAddRef(ref _addedRef);
        _ctx = ctx;
    }

    public override bool Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, Span<byte> data, Span<byte> tag)
    {
        int written = 0;
        byte finalScratch;
        fixed (byte* iv = nonce)
        fixed (byte* aad = associatedData)
        fixed (byte* p = data)
        fixed (byte* t = tag)
        {
            return LibCryptoEvp.EVP_CipherInit_ex(_ctx, 0, 0, null, iv, 1) == 1
                && (associatedData.IsEmpty || LibCryptoEvp.EVP_CipherUpdate(_ctx, null, &written, aad, associatedData.Length) == 1)
                && (data.IsEmpty || (LibCryptoEvp.EVP_CipherUpdate(_ctx, p, &written, p, data.Length) == 1 && written == data.Length))
                && LibCryptoEvp.EVP_CipherFinal_ex(_ctx, &finalScratch, &written) == 1
                && LibCryptoEvp.EVP_CIPHER_CTX_ctrl(_ctx, LibCryptoEvp.EVP_CTRL_GCM_GET_TAG, TagLength, t) == 1;
        }
    }

    public override bool Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, Span<byte> data, ReadOnlySpan<byte> tag)
    {
        int written = 0;
        byte finalScratch;
        fixed (byte* iv = nonce)
        fixed (byte* aad = associatedData)
        fixed (byte* p = data)
        fixed (byte* t = tag)
        {
            // Any failing step, and above all the tag check in EVP_CipherFinal_ex, rejects the packet.
            return LibCryptoEvp.EVP_CipherInit_ex(_ctx, 0, 0, null, iv, 0) == 1
                && LibCryptoEvp.EVP_CIPHER_CTX_ctrl(_ctx, LibCryptoEvp.EVP_CTRL_GCM_SET_TAG, TagLength, t) == 1
                && (associatedData.IsEmpty || LibCryptoEvp.EVP_CipherUpdate(_ctx, null, &written, aad, associatedData.Length) == 1)
                && (data.IsEmpty || LibCryptoEvp.EVP_CipherUpdate(_ctx, p, &written, p, data.Length) == 1)
                && LibCryptoEvp.EVP_CipherFinal_ex(_ctx, &finalScratch, &written) > 0;
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
