using System.Net;
using System.Net.Sockets;
using Sfu.Core.Diagnostics;

namespace Sfu.Core.Transport;

/// <summary>
/// The portable sender: one allocation-free <c>Socket.SendTo</c> per datagram of the batch, for platforms without
/// <c>sendmmsg</c> (or when batching is turned off). The destination bytes are copied into one reused
/// <see cref="SocketAddress"/>.
/// </summary>
internal sealed class SocketSendToSender : DatagramSender
{
    private readonly Socket _socket;
    private readonly SocketAddress _address;

    public SocketSendToSender(Socket socket)
    {
        _socket = socket;
        _address = new SocketAddress(socket.AddressFamily, SendBatch.AddressCapacity);
    }

    public override string Name => "sendto";

    public override void Send(SendBatch batch)
    {
        for (int i = 0; i < batch.Count; i++)
        {
            var address = batch.Address(i);
            address.CopyTo(_address.Buffer.Span);
            _address.Size = address.Length;
            try
            {
                _socket.SendTo(batch.Datagram(i), SocketFlags.None, _address);
            }
            catch (SocketException e)
            {
                batch.Fail(i, ReasonOf(e.SocketErrorCode), (int)e.SocketErrorCode);
            }
        }
    }

    /// <summary>A full buffer or queue, or an error of the one datagram.</summary>
    internal static SendFailure ReasonOf(SocketError error) =>
        error is SocketError.WouldBlock or SocketError.NoBufferSpaceAvailable ? SendFailure.SocketBufferFull : SendFailure.SocketError;
}
