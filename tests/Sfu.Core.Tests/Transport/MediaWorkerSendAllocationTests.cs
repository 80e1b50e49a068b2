using Microsoft.Extensions.Logging.Abstractions;
using Sfu.Core.Diagnostics;
using Sfu.Core.Ice;
using Sfu.Core.Rtp;
using Sfu.Core.Transport;

namespace Sfu.Core.Tests.Transport;

/// <summary>The send path on the worker thread (protect, copy into the batch, sendmmsg, count) allocates nothing.</summary>
[Collection(AllocationCollection.Name)]
public sealed class MediaWorkerSendAllocationTests : IDisposable
{
    private readonly MediaMetrics _metrics = new();
    private readonly MediaEngine _engine;

    public MediaWorkerSendAllocationTests()
    {
        _engine = new MediaEngine(new MediaOptions { Port = 0, Workers = 1, ListenAddress = "127.0.0.1" }, NullLoggerFactory.Instance, _metrics);
        _engine.Start();
    }

    [Fact]
    public async Task SendingAFanOutAndFlushingItAllocatesNothing()
    {
        var worker = _engine.Workers[0];
        using var receivers = new UdpReceivers(10);
        var (connected, unconnected) = await worker.InvokeAsync(() =>
        {
            var list = new WebRtcTransport[receivers.Count];
            for (int i = 0; i < list.Length; i++)
            {
                list[i] = MediaWorkerSendTests.ConnectWithoutHandshake(worker, receivers.Address(i));
            }

            return (list, worker.CreateTransport(new WebRtcTransportOptions { LocalIce = IceCredentials.Generate() }, new MediaWorkerSendTests.NullListener()));
        });
        var packet = new byte[1500];
        ushort sequence = 0;

        void FanOut()
        {
            sequence++;
            for (int i = 0; i < connected.Length; i++)
            {
                int length = RtpPacketWriter.WriteHeader(packet, 96, sequence, 1000, 0xA000_0000u + (uint)i, marker: false) + 1200;
                connected[i].SendRtp(packet, length);
            }

            unconnected.SendRtp(packet, 100);
            worker.FlushSends();
        }

        long allocated = await worker.InvokeAsync(() =>
        {
            FanOut(); // first packets create each SSRC's SRTP state and this thread's traffic totals
            return AllocationMeter.Measure(() =>
            {
                for (int round = 0; round < 200; round++)
                {
                    FanOut();
                }
            });
        });

        Assert.Equal(0, allocated);
        Assert.Equal(201, _metrics.SendFailures(SendFailure.NotConnected));
        Assert.NotNull(receivers.Receive(0));
    }

    public void Dispose()
    {
        _engine.Dispose();
        _metrics.Dispose();
    }
}
