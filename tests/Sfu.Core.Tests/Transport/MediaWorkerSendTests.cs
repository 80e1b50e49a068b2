using System.Buffers.Binary;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Sfu.Core.Diagnostics;
using Sfu.Core.Dtls;
using Sfu.Core.Ice;
using Sfu.Core.Rtp;
using Sfu.Core.Srtp;
using Sfu.Core.Transport;

namespace Sfu.Core.Tests.Transport;

/// <summary>
/// The worker's send side with its real socket: what one work item sends leaves in one batch when the item ends, and
/// every send that fails is counted with its reason.
/// </summary>
public sealed class MediaWorkerSendTests : IDisposable
{
    private readonly MediaMetrics _metrics = new();
    private MediaEngine? _engine;

    [Theory]
    [InlineData(true, "sendmmsg")]
    [InlineData(false, "sendto")]
    public async Task WhatOneControlItemSendsLeavesTogetherWhenTheItemEnds(bool batched, string sender)
    {
        var worker = Start(batched);
        Assert.Equal(sender, worker.SenderName);
        using var receivers = new UdpReceivers(10);
        long callsBefore = worker.SendCalls;

        int arrivedDuringTheItem = await worker.InvokeAsync(() =>
        {
            for (int i = 0; i < receivers.Count; i++)
            {
                worker.Send(UdpReceivers.Datagram(i), receivers.Address(i), PacketKind.Rtp);
            }

            Thread.Sleep(20); // time enough for loopback delivery, had anything been sent yet
            return Enumerable.Range(0, receivers.Count).Sum(receivers.Available);
        });

        Assert.Equal(0, arrivedDuringTheItem);
        await AfterTheFlush(worker);
        Assert.Equal(callsBefore + 1, worker.SendCalls);
        for (int i = 0; i < receivers.Count; i++)
        {
            Assert.Equal(UdpReceivers.Datagram(i), receivers.Receive(i));
        }
    }

    [Fact]
    public async Task ABatchThatFillsUpLeavesAtOnceAndTheRestAtTheEnd()
    {
        var worker = Start();
        using var receivers = new UdpReceivers(1);
        long callsBefore = worker.SendCalls;
        long sentBefore = worker.DatagramsSent;

        int arrivedDuringTheItem = await worker.InvokeAsync(() =>
        {
            for (int i = 0; i < 100; i++)
            {
                worker.Send(UdpReceivers.Datagram(i, 100), receivers.Address(0), PacketKind.Rtp);
            }

            Thread.Sleep(20);
            return receivers.Available(0);
        });

        Assert.True(arrivedDuringTheItem > 0, "the first 64 left when the batch was full");
        await AfterTheFlush(worker);
        Assert.Equal(callsBefore + 2, worker.SendCalls);
        Assert.Equal(sentBefore + 100, worker.DatagramsSent);
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(UdpReceivers.Datagram(i, 100), receivers.Receive(0));
        }
    }

    [Fact]
    public async Task ADatagramTooLargeForASlotLeavesAloneAfterWhatWasQueuedBeforeIt()
    {
        var worker = Start();
        using var receivers = new UdpReceivers(1);
        await worker.InvokeAsync(() =>
        {
            worker.Send(UdpReceivers.Datagram(1, 100), receivers.Address(0), PacketKind.Rtp);
            worker.Send(UdpReceivers.Datagram(2, SendBatch.SlotSize + 100), receivers.Address(0), PacketKind.Rtp);
            worker.Send(UdpReceivers.Datagram(3, 100), receivers.Address(0), PacketKind.Rtp);
            return 0;
        });

        Assert.Equal(UdpReceivers.Datagram(1, 100), receivers.Receive(0));
        Assert.Equal(UdpReceivers.Datagram(2, SendBatch.SlotSize + 100), receivers.Receive(0));
        Assert.Equal(UdpReceivers.Datagram(3, 100), receivers.Receive(0));
    }

    [Fact]
    public void ASendFromAnotherThreadLeavesAtOnce()
    {
        var worker = Start();
        using var receivers = new UdpReceivers(1);
        long callsBefore = worker.SendCalls;
        worker.Send(UdpReceivers.Datagram(5), receivers.Address(0), PacketKind.Stun);
        Assert.Equal(UdpReceivers.Datagram(5), receivers.Receive(0));
        Assert.Equal(callsBefore, worker.SendCalls);
    }

    [Fact]
    public async Task ADatagramTheSocketRefusesIsCountedAsASocketError()
    {
        var worker = Start();
        using var receivers = new UdpReceivers(1);
        await worker.InvokeAsync(() =>
        {
            worker.Send(UdpReceivers.Datagram(1), new IPEndPoint(IPAddress.Loopback, 0).Serialize(), PacketKind.Rtp);
            worker.Send(UdpReceivers.Datagram(2), receivers.Address(0), PacketKind.Rtp);
            return 0;
        });

        await AfterTheFlush(worker);
        Assert.Equal(UdpReceivers.Datagram(2), receivers.Receive(0));
        Assert.Equal(1, _metrics.SendFailures(SendFailure.SocketError));
        Assert.Equal(0, _metrics.SendFailures(SendFailure.SocketBufferFull));
    }

    [Fact]
    public async Task SendingOnATransportThatIsNotConnectedFailsAndIsCounted()
    {
        var worker = Start();
        var transport = await worker.InvokeAsync(() => worker.CreateTransport(new WebRtcTransportOptions { LocalIce = IceCredentials.Generate() }, new NullListener()));
        var packet = new byte[200];
        int length = RtpPacketWriter.WriteHeader(packet, 96, 1, 1000, 0x1234, marker: false) + 20;

        Assert.False(await worker.InvokeAsync(() => transport.SendRtp(packet, length)));
        Assert.False(await worker.InvokeAsync(() => transport.SendRtcp(packet, 8)));
        Assert.Equal(2, _metrics.SendFailures(SendFailure.NotConnected));
    }

    [Fact]
    public async Task AConnectedTransportSendsUntilItsSrtpRefusesAndCountsTheRefusal()
    {
        var worker = Start();
        using var receivers = new UdpReceivers(1);
        var transport = await worker.InvokeAsync(() => ConnectWithoutHandshake(worker, receivers.Address(0)));
        var packet = new byte[200];
        long sentBefore = worker.DatagramsSent;

        // Every SSRC the SRTP context may track, then one more.
        var results = await worker.InvokeAsync(() =>
        {
            var sent = new bool[WebRtcTransport.MaxSendingSsrcs + 1];
            for (int i = 0; i < sent.Length; i++)
            {
                int length = RtpPacketWriter.WriteHeader(packet, 96, 1, 1000, 0x1000_0000u + (uint)i, marker: false) + 20;
                sent[i] = transport.SendRtp(packet, length);
            }

            return sent;
        });

        await AfterTheFlush(worker);
        Assert.All(results[..^1], Assert.True);
        Assert.False(results[^1]);
        Assert.Equal(1, _metrics.SendFailures(SendFailure.TooManySsrcs));
        Assert.Equal(sentBefore + WebRtcTransport.MaxSendingSsrcs, worker.DatagramsSent);
        var first = receivers.Receive(0);
        Assert.NotNull(first);
        Assert.Equal(0x1000_0000u, BinaryPrimitives.ReadUInt32BigEndian(first.AsSpan(8)));

        // No room after the packet for the SRTP tag: SRTP refuses it.
        int full = RtpPacketWriter.WriteHeader(packet, 96, 2, 1000, 0x1000_0000u, marker: false);
        Assert.False(await worker.InvokeAsync(() => transport.SendRtp(packet.AsSpan(0, full + 4), full + 4)));
        Assert.Equal(1, _metrics.SendFailures(SendFailure.SrtpError));
        Assert.Equal(0, _metrics.SendFailures(SendFailure.NotConnected));
    }

    public void Dispose()
    {
        _engine?.Dispose();
        _metrics.Dispose();
    }

    /// <summary>Control items run one after another: once this one has run, the one before it and its flush are done.</summary>
    private static Task AfterTheFlush(MediaWorker worker) => worker.InvokeAsync(() => 0);

    /// <summary>A transport in the Connected state with SRTP keys and a remote address, without ICE or DTLS on the wire.</summary>
    internal static WebRtcTransport ConnectWithoutHandshake(MediaWorker worker, SocketAddress remote)
    {
        var transport = worker.CreateTransport(new WebRtcTransportOptions { LocalIce = IceCredentials.Generate() }, new NullListener());
        transport.HandleDtls([22, 0xFE, 0xFD], remote, 0); // remembers where DTLS came from (then drops it: no role yet)
        var key = new byte[16];
        var salt = new byte[12];
        ((IDtlsTransportListener)transport).OnDtlsConnected(new SrtpKeyingMaterial(SrtpProfile.AeadAes128Gcm, key, salt, key, salt));
        Assert.Equal(WebRtcTransportState.Connected, transport.State);
        return transport;
    }

    private MediaWorker Start(bool batched = true)
    {
        _engine = new MediaEngine(new MediaOptions { Port = 0, Workers = 1, ListenAddress = "127.0.0.1", BatchedSends = batched }, NullLoggerFactory.Instance, _metrics);
        _engine.Start();
        return _engine.Workers[0];
    }

    internal sealed class NullListener : IWebRtcTransportListener
    {
        public void OnTransportStateChanged(WebRtcTransport transport, WebRtcTransportState state)
        {
        }

        public void OnRtpPacket(WebRtcTransport transport, Span<byte> buffer, int length, in RtpHeader header)
        {
        }

        public void OnRtcpPacket(WebRtcTransport transport, Span<byte> packet)
        {
        }
    }
}
