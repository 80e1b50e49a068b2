using System.Net.Sockets;
using Sfu.Core.Interop;

namespace Sfu.Core.Transport;

/// <summary>
/// Hands a <see cref="SendBatch"/> to the kernel: with one <c>sendmmsg(2)</c> call on Linux
/// (<see cref="SendMmsgSender"/>), or one <c>Socket.SendTo</c> per datagram elsewhere
/// (<see cref="SocketSendToSender"/>). The choice is made once, when the worker starts.
/// </summary>
internal abstract class DatagramSender
{
    /// <summary>What the log names this sender.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Sends every datagram of <paramref name="batch"/>, in order, without blocking: a datagram that cannot be sent
    /// is marked with <see cref="SendBatch.Fail"/> and the rest still go. Never loops without progress.
    /// </summary>
    public abstract void Send(SendBatch batch);

    /// <summary>The sendmmsg sender when the platform has it (64-bit Linux, the call present), else the portable one.</summary>
    public static DatagramSender Create(Socket socket, bool allowBatched)
    {
        if (allowBatched && SendMmsgSender.IsSupported(socket))
        {
            return new SendMmsgSender(socket);
        }

        return new SocketSendToSender(socket);
    }
}
