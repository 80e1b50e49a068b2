using Microsoft.Win32.SafeHandles;

namespace Sfu.Core.Interop;

/// <summary>Owns an OpenSSL <c>BIO*</c>; releasing it calls <c>BIO_free</c>.</summary>
internal sealed class BioHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public BioHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        _ = LibCrypto.BIO_free(handle);
        return true;
    }
}
