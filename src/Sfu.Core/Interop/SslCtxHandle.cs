using Microsoft.Win32.SafeHandles;

namespace Sfu.Core.Interop;

/// <summary>Owns an OpenSSL <c>SSL_CTX*</c>; releasing it calls <c>SSL_CTX_free</c>.</summary>
internal sealed class SslCtxHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SslCtxHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        LibSsl.SSL_CTX_free(handle);
        return true;
    }
}
