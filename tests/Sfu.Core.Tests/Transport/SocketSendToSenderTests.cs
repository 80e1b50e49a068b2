using System.Net;
using System.Net.Sockets;
using Sfu.Core.Diagnostics;
using Sfu.Core.Transport;

namespace Sfu.Core.Tests.Transport;

/// <summary>The portable sender: one Socket.SendTo per datagram of the batch.</summary>
public sealed class SocketSendToSenderTests
{
    [Fact]
    public void SendsEveryDatagramToItsDestinationAndMarksTheRefusedOne()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var receivers = new UdpReceivers(3);
        var batch = new SendBatch();
        batch.TryAdd(UdpReceivers.Datagram(1), receivers.Address(0), PacketKind.Rtp);
        batch.TryAdd(UdpReceivers.Datagram(2), new IPEndPoint(IPAddress.Loopback, 0).Serialize(), PacketKind.Rtp);
        batch.TryAdd(UdpReceivers.Datagram(3, 40), receivers.Address(2), PacketKind.Rtcp);
        batch.TryAdd(UdpReceivers.Datagram(4, 50), receivers.Address(1), PacketKind.Stun);

        new SocketSendToSender(socket).Send(batch);

        Assert.Null(batch.Failure(0));
        Assert.Equal(SendFailure.SocketError, batch.Failure(1));
        Assert.Null(batch.Failure(2));
        Assert.Equal(UdpReceivers.Datagram(1), receivers.Receive(0));
        Assert.Equal(UdpReceivers.Datagram(4, 50), receivers.Receive(1));
        Assert.Equal(UdpReceivers.Datagram(3, 40), receivers.Receive(2));
    }

    [Theory]
    [InlineData(SocketError.WouldBlock, SendFailure.SocketBufferFull)]
    [InlineData(SocketError.NoBufferSpaceAvailable, SendFailure.SocketBufferFull)]
    [InlineData(SocketError.HostUnreachable, SendFailure.SocketError)]
    [InlineData(SocketError.MessageSize, SendFailure.SocketError)]
    public void SocketErrorsMapToAReason(SocketError error, SendFailure expected) =>
        Assert.Equal(expected, SocketSendToSender.ReasonOf(error));
}
