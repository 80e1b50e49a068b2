using Microsoft.Win32.SafeHandles;

namespace Sfu.Core.Interop;

/// <summary>Owns an OpenSSL <c>EVP_PKEY*</c>; releasing it calls <c>EVP_PKEY_free</c>.</summary>
internal sealed class EvpPkeyHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public EvpPkeyHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        LibCrypto.EVP_PKEY_free(handle);
        return true;
    }
}
