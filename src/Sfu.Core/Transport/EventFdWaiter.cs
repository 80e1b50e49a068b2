using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Sfu.Core.Interop;

namespace Sfu.Core.Transport;

/// <summary>
/// Waits with <c>poll(2)</c> on the media socket and an <c>eventfd(2)</c> together: <see cref="Wake"/> writes the
/// eventfd, so control work posted from a hub call wakes the worker at once instead of after the poll timeout.
/// Nothing is allocated per wait (the two <c>pollfd</c>s are pinned once).
/// </summary>
internal sealed unsafe class EventFdWaiter : WorkerWaiter
{
    private readonly FileDescriptorHandle _event;
    private readonly PollDescriptor[] _descriptors = GC.AllocateArray<PollDescriptor>(2, pinned: true);
    private bool _eventReferenced;

    private EventFdWaiter(Socket socket, FileDescriptorHandle eventFd)
    {
        _event = eventFd;
        // Keep the descriptor number valid for poll() until Dispose, even if someone closes the handle meanwhile.
        _event.DangerousAddRef(ref _eventReferenced);
        _descriptors[0] = new PollDescriptor { Descriptor = (int)socket.Handle, Events = LibC.PollIn };
        _descriptors[1] = new PollDescriptor { Descriptor = _event.Descriptor, Events = LibC.PollIn };
    }

    public override string Name => "eventfd + poll";

    public override bool WakesOnControl => true;

    /// <summary>The waiter, or null when not on Linux or the calls are missing.</summary>
    public static EventFdWaiter? TryCreate(Socket socket)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            var handle = LibC.eventfd(0, LibC.EfdNonBlock | LibC.EfdCloseOnExec);
            if (handle.IsInvalid)
            {
                handle.Dispose();
                return null;
            }

            return new EventFdWaiter(socket, handle);
        }
        catch (DllNotFoundException)
        {
            return null;
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }

    public override WorkerWakeReason Wait(int timeoutMilliseconds)
    {
        var descriptors = (PollDescriptor*)Unsafe.AsPointer(ref _descriptors[0]);
        descriptors[0].ReturnedEvents = 0;
        descriptors[1].ReturnedEvents = 0;
        int ready = LibC.poll(descriptors, 2, timeoutMilliseconds);
        if (ready <= 0)
        {
            // 0: timed out; -1: interrupted by a signal (EINTR), the loop simply goes round again.
            return WorkerWakeReason.Timeout;
        }

        var reason = WorkerWakeReason.Timeout;
        // An error or hang-up on the socket is reported as readable: the receive call then surfaces it.
        if ((descriptors[0].ReturnedEvents & (LibC.PollIn | LibC.PollErr | LibC.PollHup | LibC.PollNval)) != 0)
        {
            reason |= WorkerWakeReason.Datagrams;
        }

        if ((descriptors[1].ReturnedEvents & LibC.PollIn) != 0)
        {
            ulong count;
            _ = LibC.read(_event, &count, sizeof(ulong));
            reason |= WorkerWakeReason.Control;
        }

        return reason;
    }

    public override void Wake()
    {
        ulong one = 1;
        try
        {
            // Non-blocking: fails only if the counter would overflow, which leaves it readable anyway.
            _ = LibC.write(_event, &one, sizeof(ulong));
        }
        catch (ObjectDisposedException)
        {
            // The worker has stopped; nobody is waiting.
        }
    }

    public override void Dispose()
    {
        if (_eventReferenced)
        {
            _eventReferenced = false;
            _event.DangerousRelease();
        }

        _event.Dispose();
    }
}
