using System.Net.Sockets;

namespace Sfu.Core.Transport;

/// <summary>
/// How a media worker sleeps between work: until a datagram arrives, control work is posted, or a timer is due.
/// <see cref="EventFdWaiter"/> (Linux) polls the socket and an eventfd together, so posted work wakes the worker at
/// once; <see cref="SocketPollWaiter"/> (elsewhere) polls the socket only, and posted work waits for the timeout.
/// </summary>
internal abstract class WorkerWaiter : IDisposable
{
    /// <summary>What the log names this waiter.</summary>
    public abstract string Name { get; }

    /// <summary>True when <see cref="Wake"/> interrupts <see cref="Wait"/>; otherwise control work waits for the timeout.</summary>
    public abstract bool WakesOnControl { get; }

    /// <summary>Waits up to <paramref name="timeoutMilliseconds"/>. Worker thread only.</summary>
    public abstract WorkerWakeReason Wait(int timeoutMilliseconds);

    /// <summary>Makes the current or next <see cref="Wait"/> return. Any thread; harmless after disposal.</summary>
    public abstract void Wake();

    public abstract void Dispose();

    /// <summary>The eventfd waiter on Linux when allowed and available, else the portable one.</summary>
    public static WorkerWaiter Create(Socket socket, bool allowEventFd)
    {
        if (allowEventFd && EventFdWaiter.TryCreate(socket) is { } waiter)
        {
            return waiter;
        }

        return new SocketPollWaiter(socket);
    }
}
