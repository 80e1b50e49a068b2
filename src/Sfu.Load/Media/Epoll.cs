using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Sfu.Load.Media;

/// <summary>
/// A Linux epoll instance (level-triggered, read readiness) that maps ready file descriptors back to the caller's
/// integer ids: how one media loop thread waits on the UDP sockets of many peer connections at once without a
/// thread or a pending receive per socket. <see cref="Wait"/> allocates nothing.
/// </summary>
public sealed unsafe class Epoll : IDisposable
{
    private const int EpollCtlAdd = 1;
    private const int EpollCtlDel = 2;
    private const uint EpollIn = 0x001;
    private const int Eintr = 4;

    // struct epoll_event is packed (12 bytes) on x86-64 and naturally aligned (16 bytes) elsewhere.
    private static readonly bool Packed = RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86;
    private static readonly int EventSize = Packed ? 12 : 16;
    private static readonly int DataOffset = Packed ? 4 : 8;

    private readonly int _fd;
    private readonly byte[] _events;
    private readonly int _capacity;
    private bool _disposed;

    /// <summary>Creates the instance; <paramref name="capacity"/> is the most ready descriptors one wait returns.</summary>
    /// <exception cref="PlatformNotSupportedException">Not Linux.</exception>
    public Epoll(int capacity = 256)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The load tool's media loop uses epoll: run it on Linux.");
        }

        _fd = epoll_create1(0x80000); // EPOLL_CLOEXEC
        if (_fd < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "epoll_create1 failed");
        }

        _capacity = capacity;
        _events = GC.AllocateArray<byte>(capacity * EventSize, pinned: true);
    }

    /// <summary>Watches <paramref name="fd"/> for readability; <see cref="Wait"/> reports it as <paramref name="id"/>.</summary>
    public void Add(IntPtr fd, int id)
    {
        byte* ev = stackalloc byte[16];
        *(uint*)ev = EpollIn;
        *(ulong*)(ev + DataOffset) = (ulong)id;
        if (epoll_ctl(_fd, EpollCtlAdd, (int)fd, ev) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "epoll_ctl(ADD) failed");
        }
    }

    /// <summary>Stops watching <paramref name="fd"/> (call before closing the socket).</summary>
    public void Remove(IntPtr fd)
    {
        byte* ev = stackalloc byte[16];
        _ = epoll_ctl(_fd, EpollCtlDel, (int)fd, ev);
    }

    /// <summary>
    /// Waits up to <paramref name="timeoutMs"/> for readable descriptors and writes their ids into
    /// <paramref name="ready"/>; returns how many (0 on timeout or interruption).
    /// </summary>
    public int Wait(Span<int> ready, int timeoutMs)
    {
        int max = Math.Min(ready.Length, _capacity);
        int n;
        fixed (byte* events = _events)
        {
            n = epoll_wait(_fd, events, max, timeoutMs);
            if (n < 0)
            {
                int error = Marshal.GetLastPInvokeError();
                return error == Eintr ? 0 : throw new Win32Exception(error, "epoll_wait failed");
            }

            for (int i = 0; i < n; i++)
            {
                ready[i] = (int)*(ulong*)(events + (i * EventSize) + DataOffset);
            }
        }

        return n;
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _ = close(_fd);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int epoll_create1(int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int epoll_ctl(int epfd, int op, int fd, byte* ev);

    [DllImport("libc", SetLastError = true)]
    private static extern int epoll_wait(int epfd, byte* events, int maxevents, int timeout);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
}
