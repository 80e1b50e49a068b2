using Microsoft.Win32.SafeHandles;

namespace Sfu.Core.Interop;

/// <summary>Owns a Unix file descriptor (here an eventfd); releasing it calls <c>close(2)</c>.</summary>
internal sealed class FileDescriptorHandle : SafeHandleMinusOneIsInvalid
{
    public FileDescriptorHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>The descriptor number (valid while the handle is open).</summary>
    public int Descriptor => (int)handle;

    protected override bool ReleaseHandle() => LibC.close((int)handle) == 0;
}
