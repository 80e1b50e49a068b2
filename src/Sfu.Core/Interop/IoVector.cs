using System.Runtime.InteropServices;

namespace Sfu.Core.Interop;

/// <summary>
/// <c>struct iovec</c>: one piece of a datagram to send.
/// <code>
/// struct iovec { void *iov_base; size_t iov_len; };   // 16 bytes on 64-bit Linux
/// </code>
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IoVector
{
    public void* Base;
    public nuint Length;
}
