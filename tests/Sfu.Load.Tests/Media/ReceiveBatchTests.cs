using System.Net;
using System.Net.Sockets;
using Sfu.Load.Media;

namespace Sfu.Load.Tests.Media;

/// <summary>recvmmsg with kernel receive times on real loopback sockets.</summary>
public sealed class ReceiveBatchTests : IDisposable
{
    private readonly Socket _receiver = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket _sender = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public ReceiveBatchTests()
    {
        _receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _receiver.Blocking = false;
        _sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _sender.Connect(_receiver.LocalEndPoint!);
    }

    private int Descriptor => (int)_receiver.SafeHandle.DangerousGetHandle();

    [Fact]
    public void OneCallReadsEveryWaitingDatagramInOrderWithItsKernelReceiveTime()
    {
        Assert.True(ReceiveBatch.IsSupported);
        Assert.True(ReceiveBatch.TryEnableTimestamps(_receiver));
        var batch = new ReceiveBatch();
        Assert.Equal(0, batch.Receive(Descriptor)); // nothing waiting: no block, no error

        long before = MediaClock.NowMicroseconds();
        for (int i = 0; i < 5; i++)
        {
            _sender.Send(Datagram(i, 100 + i));
        }

        Thread.Sleep(50); // arrival times must be those of the sends, not of the read
        long afterSends = MediaClock.NowMicroseconds();
        Thread.Sleep(50);
        long beforeRead = MediaClock.NowMicroseconds();
        Assert.Equal(5, batch.Receive(Descriptor));
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(Datagram(i, 100 + i), batch.Datagram(i).ToArray());
            Assert.False(batch.IsTruncated(i));
            Assert.InRange(batch.ArrivalUs(i), before - 2_000, afterSends + 2_000);
            Assert.True(batch.ArrivalUs(i) < beforeRead - 40_000, $"datagram {i} arrived at {batch.ArrivalUs(i)} µs, read at {beforeRead} µs");
        }

        Assert.Equal(0, batch.Receive(Descriptor)); // drained
    }

    [Fact]
    public void MoreThanABatchIsReadOverSeveralCallsAndSlotsAreReused()
    {
        Assert.True(ReceiveBatch.TryEnableTimestamps(_receiver));
        var batch = new ReceiveBatch();
        int total = ReceiveBatch.Capacity + 10;
        for (int i = 0; i < total; i++)
        {
            _sender.Send(Datagram(i, 1200));
        }

        Assert.Equal(ReceiveBatch.Capacity, batch.Receive(Descriptor));
        Assert.Equal(Datagram(0, 1200), batch.Datagram(0).ToArray());
        Assert.Equal(10, batch.Receive(Descriptor));
        Assert.Equal(Datagram(ReceiveBatch.Capacity, 1200), batch.Datagram(0).ToArray());
        Assert.Equal(Datagram(total - 1, 1200), batch.Datagram(9).ToArray());
        Assert.All(Enumerable.Range(0, 10), i => Assert.True(batch.ArrivalUs(i) > 0));
    }

    [Fact]
    public void WithoutTimestampsTheArrivalIsTheReadAndAnOversizedDatagramIsMarkedTruncated()
    {
        var batch = new ReceiveBatch();
        _sender.Send(Datagram(1, ReceiveBatch.SlotSize + 1));
        _sender.Send(Datagram(2, 10));
        Thread.Sleep(50);
        long beforeRead = MediaClock.NowMicroseconds();
        Assert.Equal(2, batch.Receive(Descriptor));
        Assert.True(batch.IsTruncated(0));
        Assert.Equal(ReceiveBatch.SlotSize, batch.Datagram(0).Length);
        Assert.False(batch.IsTruncated(1));
        Assert.Equal(Datagram(2, 10), batch.Datagram(1).ToArray());
        Assert.InRange(batch.ArrivalUs(1), beforeRead, MediaClock.NowMicroseconds());
    }

    [Fact]
    public void TheSocketsDropCountComesWithTheDatagramsOnceItDroppedSome()
    {
        Assert.True(ReceiveBatch.TryEnableTimestamps(_receiver));
        var batch = new ReceiveBatch();
        _sender.Send(Datagram(0, 1200));
        Assert.Equal(1, batch.Receive(Descriptor));
        Assert.Equal(-1, batch.DropCount); // nothing dropped yet: the kernel says nothing

        _receiver.ReceiveBufferSize = 4096; // the kernel's minimum: a few datagrams fit, the rest are dropped
        for (int i = 0; i < 200; i++)
        {
            _sender.Send(Datagram(i, 1200));
        }

        int read = batch.Receive(Descriptor);
        Assert.InRange(read, 1, 20); // queued before the drops: they carry no count

        _sender.Send(Datagram(1000, 1200)); // queued after them: the kernel attaches the socket's count
        Assert.Equal(1, batch.Receive(Descriptor));
        Assert.Equal(200 - read, batch.DropCount);
    }

    private static byte[] Datagram(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public void Dispose()
    {
        _receiver.Dispose();
        _sender.Dispose();
    }
}
