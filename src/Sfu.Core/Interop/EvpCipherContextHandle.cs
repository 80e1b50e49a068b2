using Microsoft.Win32.SafeHandles;

namespace Sfu.Core.Interop;

/// <summary>An owned <c>EVP_CIPHER_CTX</c>, freed with <c>EVP_CIPHER_CTX_free</c>.</summary>
internal sealed class EvpCipherContextHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public EvpCipherContextHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        LibCryptoEvp.EVP_CIPHER_CTX_free(handle);
        return true;
    }
}
