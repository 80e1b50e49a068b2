using System.Runtime.InteropServices;

namespace Sfu.Core.Interop;

/// <summary>
/// The few Linux C library calls the media worker uses beside .NET's sockets: <c>sendmmsg(2)</c> to hand a batch
/// of datagrams to the kernel in one system call, and <c>eventfd(2)</c> + <c>poll(2)</c> so control work posted
/// from other threads wakes the worker at once.
/// </summary>
/// <remarks>
/// The constants are Linux's (the generic values x86-64 and arm64 share). Callers check
/// <see cref="OperatingSystem.IsLinux"/> and that the structure sizes match a 64-bit C library before using these,
/// and fall back to portable .NET calls otherwise.
/// </remarks>
internal static unsafe partial class LibC
{
    /// <summary>The runtime maps <c>libc</c> to the platform's C library (<c>libc.so.6</c> with glibc).</summary>
    internal const string LibraryName = "libc";

    // ---- errno ----
    internal const int EIntr = 4;
    internal const int EAgain = 11;
    internal const int ENoBufs = 105;

    // ---- flags ----

    /// <summary>MSG_DONTWAIT: fail with EAGAIN instead of blocking when the send buffer is full.</summary>
    internal const int MsgDontWait = 0x40;

    /// <summary>EFD_NONBLOCK (O_NONBLOCK).</summary>
    internal const int EfdNonBlock = 0x800;

    /// <summary>EFD_CLOEXEC (O_CLOEXEC).</summary>
    internal const int EfdCloseOnExec = 0x80000;

    internal const short PollIn = 0x001;
    internal const short PollErr = 0x008;
    internal const short PollHup = 0x010;
    internal const short PollNval = 0x020;

    // ---- calls ----

    /// <summary>Sends up to <paramref name="count"/> datagrams; returns how many were sent, or -1 (errno) when the first failed.</summary>
    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial int sendmmsg(int socket, MultipleMessageHeader* messages, uint count, int flags);

    /// <summary>Waits for events on <paramref name="count"/> descriptors; returns how many have events, 0 on timeout, -1 (errno).</summary>
    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial int poll(PollDescriptor* descriptors, nuint count, int timeoutMilliseconds);

    /// <summary>Creates an event counter descriptor: writes add to it, a read returns it and resets it to zero.</summary>
    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial FileDescriptorHandle eventfd(uint initialValue, int flags);

    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial nint read(FileDescriptorHandle descriptor, void* buffer, nuint count);

    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial nint write(FileDescriptorHandle descriptor, void* buffer, nuint count);

    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial int close(int descriptor);
}
