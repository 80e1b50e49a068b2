using Microsoft.Win32.SafeHandles;

namespace Sfu.Core.Interop;

/// <summary>An owned <c>EVP_MAC_CTX</c>, freed with <c>EVP_MAC_CTX_free</c>.</summary>
internal sealed class EvpMacContextHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public EvpMacContextHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        LibCryptoEvp.EVP_MAC_CTX_free(handle);
        return true;
    }
}
