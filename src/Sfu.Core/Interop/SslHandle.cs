using Microsoft.Win32.SafeHandles;

namespace Sfu.Core.Interop;

/// <summary>Owns an OpenSSL <c>SSL*</c>; releasing it calls <c>SSL_free</c>.</summary>
internal sealed class SslHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SslHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        LibSsl.SSL_free(handle);
        return true;
    }
}
