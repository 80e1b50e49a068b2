using System.Runtime.InteropServices;

namespace Sfu.Core.Interop;

/// <summary>
/// <c>struct mmsghdr</c>: a <see cref="MessageHeader"/> and the byte count the kernel sent for it (64 bytes on
/// 64-bit Linux).
/// <code>
/// struct mmsghdr { struct msghdr msg_hdr; unsigned int msg_len; };
/// </code>
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MultipleMessageHeader
{
    /// <summary>The size of the C structure on 64-bit Linux; the batched sender is used only when this matches.</summary>
    public const int NativeSize = 64;

    public MessageHeader Header;
    public uint SentLength;
}
