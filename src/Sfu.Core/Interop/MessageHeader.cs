using System.Runtime.InteropServices;

namespace Sfu.Core.Interop;

/// <summary>
/// <c>struct msghdr</c> (glibc, 64-bit): one datagram of a <c>sendmmsg(2)</c> batch. Sequential layout with natural
/// alignment gives the C layout: 4 bytes of padding follow <see cref="NameLength"/>.
/// <code>
/// struct msghdr {
///     void         *msg_name;       //  0  destination sockaddr
///     socklen_t     msg_namelen;    //  8  (4 bytes, then 4 bytes padding)
///     struct iovec *msg_iov;        // 16
///     size_t        msg_iovlen;     // 24
///     void         *msg_control;    // 32  ancillary data (unused)
///     size_t        msg_controllen; // 40
///     int           msg_flags;      // 48  (then 4 bytes padding: 56 bytes)
/// };
/// </code>
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MessageHeader
{
    public void* Name;
    public uint NameLength;
    public IoVector* Vectors;
    public nuint VectorCount;
    public void* Control;
    public nuint ControlLength;
    public int Flags;
}
