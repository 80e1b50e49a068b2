using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Sfu.Load.Media;

/// <summary>
/// Reads the datagrams waiting on a socket with one <c>recvmmsg(2)</c> call, each with the time the kernel received it
/// (<c>SO_TIMESTAMPNS</c>), and how many datagrams the socket has dropped because its receive buffer was full
/// (<c>SO_RXQ_OVFL</c>). One per media loop, reused for every peer's socket; allocates nothing per call.
/// </summary>
/// <remarks>
/// <para>The kernel's receive time is what a browser's transport-wide-cc feedback reports: when the packet arrived, not
/// when a busy thread got round to reading it. Side by side with the server on a shared machine the tool's threads may
/// wait milliseconds for a core; with the loop's own clock as the arrival time the server's bandwidth estimator saw
/// that wait as queueing delay and moved subscribers to lower layers.</para>
/// <para>The drop count says where loss happened: a datagram the tool's socket dropped was sent by the server and lost
/// because the tool did not read in time (the tool is the limit), not because the server did not send it.</para>
/// <para>One call reads up to <see cref="Capacity"/> datagrams, where a <c>recv</c> per datagram plus one that finds
/// the queue empty took two system calls or more per wake-up.</para>
/// <para>Native layouts are the 64-bit Linux ones (written at byte offsets, like <see cref="Epoll"/>'s events). Where
/// they do not apply <see cref="IsSupported"/> is false and peers read with <see cref="Socket.Receive(Span{byte}, SocketFlags, out SocketError)"/>
/// and the loop's clock instead.</para>
/// <code>
/// struct mmsghdr { struct msghdr { void *name; socklen_t namelen; struct iovec *iov; size_t iovlen;
///                                  void *control; size_t controllen; int flags; } hdr; unsigned int len; };  // 64 bytes
/// struct iovec   { void *base; size_t len; };                                                             // 16 bytes
/// struct cmsghdr { size_t len; int level; int type; /* data */ };   SCM_TIMESTAMPNS data: struct timespec { sec; nsec; }
/// </code>
/// </remarks>
public sealed unsafe class ReceiveBatch
{
    /// <summary>Datagrams one call reads at most.</summary>
    public const int Capacity = 64;

    /// <summary>Largest datagram kept whole (an RTP packet, a DTLS flight's record of at most the MTU); longer ones are cut and reported as truncated.</summary>
    public const int SlotSize = 2048;

    private const int HeaderSize = 64;
    private const int VectorSize = 16;
    private const int ControlSize = 64; // CMSG_SPACE(16) for the timestamp + CMSG_SPACE(4) for the drop count = 56
    private const int SolSocket = 1;
    private const int SoTimestampNs = 35; // also SCM_TIMESTAMPNS
    private const int SoRxqOvfl = 40; // the cmsg carries the socket's drop count (uint32)
    private const int MsgDontWait = 0x40;
    private const int MsgTruncated = 0x20;

    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;

    private readonly byte[] _data = GC.AllocateArray<byte>(Capacity * SlotSize, pinned: true);
    private readonly byte[] _headers = GC.AllocateArray<byte>(Capacity * HeaderSize, pinned: true);
    private readonly byte[] _vectors = GC.AllocateArray<byte>(Capacity * VectorSize, pinned: true);
    private readonly byte[] _control = GC.AllocateArray<byte>(Capacity * ControlSize, pinned: true);
    private readonly int[] _lengths = new int[Capacity];
    private readonly long[] _arrivals = new long[Capacity];
    private readonly bool[] _truncated = new bool[Capacity];

    /// <summary>Points every header at its slot's vector and control buffer once (the arrays are pinned for life).</summary>
    public ReceiveBatch()
    {
        fixed (byte* headers = _headers)
        fixed (byte* vectors = _vectors)
        fixed (byte* control = _control)
        fixed (byte* data = _data)
        {
            for (int i = 0; i < Capacity; i++)
            {
                *(byte**)(vectors + (i * VectorSize)) = data + (i * SlotSize);
                *(nuint*)(vectors + (i * VectorSize) + 8) = SlotSize;
                byte* header = headers + (i * HeaderSize);
                *(byte**)(header + 16) = vectors + (i * VectorSize);
                *(nuint*)(header + 24) = 1;
                *(byte**)(header + 32) = control + (i * ControlSize);
                *(nuint*)(header + 40) = ControlSize;
            }
        }
    }

    /// <summary>True on 64-bit Linux, where the layouts above hold.</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux() && IntPtr.Size == 8;

    /// <summary>
    /// Asks the kernel to record each datagram's receive time on <paramref name="socket"/>, and to report the socket's
    /// drop count with the datagrams; false when it refuses the timestamps.
    /// </summary>
    public static bool TryEnableTimestamps(Socket socket)
    {
        if (!IsSupported)
        {
            return false;
        }

        try
        {
            Span<byte> on = stackalloc byte[4];
            BitConverter.TryWriteBytes(on, 1);
            socket.SetRawSocketOption(SolSocket, SoTimestampNs, on);
            try
            {
                socket.SetRawSocketOption(SolSocket, SoRxqOvfl, on);
            }
            catch (SocketException)
            {
                // Drop counts are a diagnostic: without them the batch still works.
            }

            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Datagrams read by the last <see cref="Receive"/>.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// The socket's count of datagrams dropped for a full receive buffer, as the last <see cref="Receive"/> reported
    /// it (it only comes once the count is not 0); -1 when it did not. Cumulative since the socket was made.
    /// </summary>
    public long DropCount { get; private set; } = -1;

    /// <summary>
    /// Reads what the socket <paramref name="descriptor"/> holds, up to <see cref="Capacity"/> datagrams, without
    /// blocking. Returns how many; 0 when none was waiting; -1 on another error (an ICMP error queued on a connected
    /// socket and the like: the next call may read fine). A datagram without a kernel timestamp arrived now.
    /// </summary>
    public int Receive(int descriptor)
    {
        int received;
        fixed (byte* headers = _headers)
        fixed (byte* control = _control)
        {
            // The kernel rewrote the control length of what the last call read: give those slots their room back.
            for (int i = 0; i < Count; i++)
            {
                *(nuint*)(headers + (i * HeaderSize) + 40) = ControlSize;
            }

            Count = 0;
            DropCount = -1;
            received = recvmmsg(descriptor, headers, Capacity, MsgDontWait, null);
            if (received <= 0)
            {
                return received == 0 || Marshal.GetLastPInvokeError() is 11 or 4 ? 0 : -1; // EAGAIN, EINTR
            }

            // Kernel timestamps are wall-clock time; the loop's clock is monotonic. Read both now and map one onto the other.
            long nowUs = MediaClock.NowMicroseconds();
            long offsetUs = ((DateTime.UtcNow.Ticks - UnixEpochTicks) / 10) - nowUs;
            for (int i = 0; i < received; i++)
            {
                byte* header = headers + (i * HeaderSize);
                int length = (int)*(uint*)(header + 56);
                _truncated[i] = (*(int*)(header + 48) & MsgTruncated) != 0 || length > SlotSize;
                _lengths[i] = Math.Min(length, SlotSize);
                _arrivals[i] = ReadControl(control + (i * ControlSize), (int)*(nuint*)(header + 40), offsetUs, nowUs);
            }
        }

        Count = received;
        return received;
    }

    /// <summary>Datagram <paramref name="index"/> of the last call, in place: it may be unprotected where it lies.</summary>
    public Span<byte> Datagram(int index) => _data.AsSpan(index * SlotSize, _lengths[index]);

    /// <summary>When the kernel received datagram <paramref name="index"/>, on the loop's clock (µs).</summary>
    public long ArrivalUs(int index) => _arrivals[index];

    /// <summary>True when datagram <paramref name="index"/> was longer than a slot and is cut short.</summary>
    public bool IsTruncated(int index) => _truncated[index];

    /// <summary>The arrival time of one datagram's control messages; notes the drop count where there is one.</summary>
    private long ReadControl(byte* control, int controlLength, long offsetUs, long nowUs)
    {
        // CMSG_FIRSTHDR / CMSG_NXTHDR with 8-byte alignment.
        long arrival = nowUs;
        int offset = 0;
        while (offset + 16 <= controlLength)
        {
            long cmsgLength = (long)*(nuint*)(control + offset);
            if (cmsgLength < 16)
            {
                break;
            }

            int level = *(int*)(control + offset + 8);
            int type = *(int*)(control + offset + 12);
            if (level == SolSocket && type == SoTimestampNs && cmsgLength >= 32)
            {
                long seconds = *(long*)(control + offset + 16);
                long nanoseconds = *(long*)(control + offset + 24);
                arrival = Math.Min((seconds * 1_000_000) + (nanoseconds / 1000) - offsetUs, nowUs);
            }
            else if (level == SolSocket && type == SoRxqOvfl && cmsgLength >= 20)
            {
                DropCount = Math.Max(DropCount, *(uint*)(control + offset + 16));
            }

            offset += (int)((cmsgLength + 7) & ~7L);
        }

        return arrival;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int recvmmsg(int socket, byte* messages, uint count, int flags, void* timeout);
}
