using Sfu.Core.Interop;

namespace Sfu.Core.Srtp.Crypto;

/// <summary>
/// HMAC-SHA1 through OpenSSL 3's <c>EVP_MAC</c>: the context is keyed once (digest SHA1) and every packet resets it
/// with <c>EVP_MAC_init(ctx, NULL, 0, NULL)</c>, which restores the keyed state without re-hashing the key.
/// </summary>
internal sealed unsafe class OpenSslHmacSha1 : SrtpHmacSha1
{
    private static readonly byte[] HmacName = "HMAC\0"u8.ToArray();
    private static readonly byte[] DigestParameterName = "digest\0"u8.ToArray();
    private static readonly byte[] Sha1Name = "SHA1\0"u8.ToArray();

    private readonly EvpMacHandle _mac;
    private readonly EvpMacContextHandle _handle;
    private readonly nint _ctx;
    private bool _addedRef;

    public OpenSslHmacSha1(ReadOnlySpan<byte> key)
    {
        fixed (byte* name = HmacName)
        {
            _mac = LibCryptoEvp.EVP_MAC_fetch(0, name, null);
        }

        if (_mac.IsInvalid)
        {
            throw new InvalidOperationException("EVP_MAC_fetch(HMAC) failed.");
        }

        _handle = LibCryptoEvp.EVP_MAC_CTX_new(_mac);
        if (_handle.IsInvalid)
        {
            _mac.Dispose();
            throw new InvalidOperationException("EVP_MAC_CTX_new failed.");
        }

        nint ctx = _handle.DangerousGetHandle();
        fixed (byte* parameterName = DigestParameterName)
        fixed (byte* digest = Sha1Name)
        fixed (byte* k = key)
        {
            LibCryptoEvp.OsslParam* parameters = stackalloc LibCryptoEvp.OsslParam[2];
            parameters[0] = new LibCryptoEvp.OsslParam
            {
                Key = parameterName,
                DataType = LibCryptoEvp.OSSL_PARAM_UTF8_STRING,
                Data = digest,
                DataSize = 4,
                ReturnSize = nuint.MaxValue,
            };
            parameters[1] = default;
            if (LibCryptoEvp.EVP_MAC_init(ctx, k, (nuint)key.Length, parameters) != 1)
            {
                _handle.Dispose();
                _mac.Dispose();
                throw new InvalidOperationException("EVP_MAC_init(HMAC-SHA1) failed.");
            }
        }

        // Held until Dispose so the raw pointer used per packet stays valid without per-call SafeHandle marshalling.
        _handle.DangerousAddRef(ref _addedRef);
        _ctx = ctx;
    }

    public override bool Compute(ReadOnlySpan<byte> data, ReadOnlySpan<byte> suffix, Span<byte> mac)
    {
        nuint written = 0;
        fixed (byte* d = data)
        fixed (byte* s = suffix)
        fixed (byte* m = mac)
        {
            return LibCryptoEvp.EVP_MAC_init(_ctx, null, 0, null) == 1
                && LibCryptoEvp.EVP_MAC_update(_ctx, d, (nuint)data.Length) == 1
                && (suffix.IsEmpty || LibCryptoEvp.EVP_MAC_update(_ctx, s, (nuint)suffix.Length) == 1)
                && LibCryptoEvp.EVP_MAC_final(_ctx, m, &written, (nuint)mac.Length) == 1
                && written == MacLength;
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
            _mac.Dispose();
        }
    }
}
