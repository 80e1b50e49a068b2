using System.Net.Sockets;

namespace Sfu.Core.Transport;

/// <summary>The portable waiter: <c>Socket.Poll</c> on the media socket; posted control work waits for the timeout.</summary>
internal sealed class SocketPollWaiter : WorkerWaiter
{
    private readonly Socket _socket;

    public SocketPollWaiter(Socket socket)
    {
        _socket = socket;
    }

    public override string Name => "socket poll";

    public override bool WakesOnControl => false;

    public override WorkerWakeReason Wait(int timeoutMilliseconds) =>
        _socket.Poll(timeoutMilliseconds * 1000, SelectMode.SelectRead) ? WorkerWakeReason.Datagrams : WorkerWakeReason.Timeout;

    public override void Wake()
    {
    }

    public override void Dispose()
    {
    }
}
