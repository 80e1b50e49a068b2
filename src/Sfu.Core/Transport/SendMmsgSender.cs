using System.Net.Sockets;
using System.Runtime.InteropServices;
using Sfu.Core.Diagnostics;
using Sfu.Core.Interop;

namespace Sfu.Core.Transport;

/// <summary>
/// Sends a batch with <c>sendmmsg(2)</c> and <c>MSG_DONTWAIT</c>: one system call for up to 64 datagrams instead of
/// one each (a <c>sendto</c> costs 3-5 µs on loopback, see docs/benchmarks.md).
/// </summary>
/// <remarks>
/// <c>sendmmsg</c> may send fewer than asked: it stops at the first datagram that fails and returns how many went
/// (or -1 with errno if it was the first). The rest is resent from there. A full send buffer or device queue
/// (EAGAIN, ENOBUFS) drops what is left of the batch, counted: retrying at once would only spin, and the worker must
/// never block. Any other error belongs to the one datagram (its destination unreachable, too long, filtered): that
/// datagram is dropped, counted, and the rest still go. Every call either sends or drops at least one datagram, so a
/// flush ends after at most <c>Count</c> calls (plus a few retries of a call interrupted by a signal).
/// </remarks>
internal unsafe class SendMmsgSender : DatagramSender
{
    private const int MaxInterruptedRetries = 3;

    private readonly int _descriptor;

    /// <summary>Sends through <paramref name="socket"/>, which must outlive this sender (the worker disposes both together).</summary>
    public SendMmsgSender(Socket socket)
        : this((int)socket.Handle)
    {
    }

    /// <summary>Sends through the socket descriptor <paramref name="descriptor"/> (tests script the calls instead).</summary>
    protected SendMmsgSender(int descriptor)
    {
        _descriptor = descriptor;
    }

    public override string Name => "sendmmsg";

    /// <summary>
    /// True on 64-bit Linux when <c>sendmmsg</c> can be called and .NET's socket addresses are the kernel's sockaddr
    /// bytes; checked once with an empty batch (which sends nothing).
    /// </summary>
    public static bool IsSupported(Socket socket)
    {
        if (!OperatingSystem.IsLinux() || IntPtr.Size != 8 || sizeof(MultipleMessageHeader) != MultipleMessageHeader.NativeSize
            || sizeof(IoVector) != 16 || !SocketAddressIsNative())
        {
            return false;
        }

        try
        {
            return LibC.sendmmsg((int)socket.Handle, null, 0, LibC.MsgDontWait) == 0;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    public override void Send(SendBatch batch)
    {
        int count = batch.Count;
        int offset = 0;
        int interrupted = 0;
        MultipleMessageHeader* headers = batch.Headers;
        while (offset < count)
        {
            int sent = SendMessages(headers + offset, (uint)(count - offset), out int errno);
            if (sent > 0)
            {
                offset += Math.Min(sent, count - offset);
                continue;
            }

            if (sent == 0)
            {
                errno = LibC.EAgain; // not expected from the kernel; treated as "nothing more can go now"
            }

            if (errno == LibC.EIntr && ++interrupted <= MaxInterruptedRetries)
            {
                continue;
            }

            if (errno is LibC.EAgain or LibC.ENoBufs)
            {
                for (; offset < count; offset++)
                {
                    batch.Fail(offset, SendFailure.SocketBufferFull, errno);
                }

                return;
            }

            batch.Fail(offset, SendFailure.SocketError, errno);
            offset++;
        }
    }

    /// <summary>One <c>sendmmsg(2)</c> call: how many datagrams went, or -1 with the error number.</summary>
    protected virtual int SendMessages(MultipleMessageHeader* messages, uint count, out int errno)
    {
        int sent = LibC.sendmmsg(_descriptor, messages, count, LibC.MsgDontWait);
        errno = sent < 0 ? Marshal.GetLastPInvokeError() : 0;
        return sent;
    }

    /// <summary>True when <see cref="System.Net.SocketAddress"/> holds a Linux sockaddr_in (family 2, little-endian, then the port big-endian).</summary>
    private static bool SocketAddressIsNative()
    {
        var address = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0x1234).Serialize();
        var bytes = address.Buffer.Span;
        return address.Size == 16 && bytes[0] == 2 && bytes[1] == 0 && bytes[2] == 0x12 && bytes[3] == 0x34 && bytes[4] == 127 && bytes[7] == 1;
    }
}
