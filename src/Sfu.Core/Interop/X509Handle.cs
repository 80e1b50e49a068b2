using Microsoft.Win32.SafeHandles;

namespace Sfu.Core.Interop;

/// <summary>Owns an OpenSSL <c>X509*</c>; releasing it calls <c>X509_free</c>.</summary>
internal sealed class X509Handle : SafeHandleZeroOrMinusOneIsInvalid
{
    public X509Handle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        LibCrypto.X509_free(handle);
        return true;
    }
}
