using System.Net;
using System.Net.Sockets;
using Sfu.Core.Diagnostics;
using Sfu.Core.Interop;
using Sfu.Core.Transport;

namespace Sfu.Core.Tests.Transport;

/// <summary>sendmmsg against real loopback sockets, and its partial-send handling against scripted results.</summary>
public sealed unsafe class SendMmsgSenderTests : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public SendMmsgSenderTests()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    }

    [Fact]
    public void IsAvailableOnThisLinuxMachine()
    {
        Assert.True(OperatingSystem.IsLinux());
        Assert.True(SendMmsgSender.IsSupported(_socket));
        Assert.Equal(MultipleMessageHeader.NativeSize, sizeof(MultipleMessageHeader));
        Assert.IsType<SendMmsgSender>(DatagramSender.Create(_socket, allowBatched: true));
        Assert.IsType<SocketSendToSender>(DatagramSender.Create(_socket, allowBatched: false));
    }

    [Fact]
    public void AFullBatchReachesSixtyFourDestinationsIntactAndInOrder()
    {
        using var receivers = new UdpReceivers(40);
        var batch = new SendBatch();
        for (int i = 0; i < SendBatch.DefaultCapacity; i++)
        {
            // Two datagrams to some receivers, to see the order kept; sizes vary.
            Assert.True(batch.TryAdd(UdpReceivers.Datagram(i, 200 + i * 17), receivers.Address(i % 40), PacketKind.Rtp));
        }

        new SendMmsgSender(_socket).Send(batch);

        for (int i = 0; i < SendBatch.DefaultCapacity; i++)
        {
            Assert.Null(batch.Failure(i));
        }

        for (int r = 0; r < 40; r++)
        {
            for (int i = r; i < SendBatch.DefaultCapacity; i += 40)
            {
                Assert.Equal(UdpReceivers.Datagram(i, 200 + i * 17), receivers.Receive(r));
            }
        }
    }

    [Fact]
    public void ADatagramTheKernelRefusesIsMarkedAndTheRestStillGo()
    {
        using var receivers = new UdpReceivers(2);
        var batch = new SendBatch();
        batch.TryAdd(UdpReceivers.Datagram(1), receivers.Address(0), PacketKind.Rtp);
        batch.TryAdd(UdpReceivers.Datagram(2), new IPEndPoint(IPAddress.Loopback, 0).Serialize(), PacketKind.Rtp); // port 0: EINVAL
        batch.TryAdd(UdpReceivers.Datagram(3), receivers.Address(1), PacketKind.Rtp);

        new SendMmsgSender(_socket).Send(batch);

        Assert.Null(batch.Failure(0));
        Assert.Equal(SendFailure.SocketError, batch.Failure(1));
        Assert.Equal(22, batch.Error(1));
        Assert.Null(batch.Failure(2));
        Assert.Equal(UdpReceivers.Datagram(1), receivers.Receive(0));
        Assert.Equal(UdpReceivers.Datagram(3), receivers.Receive(1));
    }

    [Fact]
    public void APartialSendIsResumedWhereItStopped()
    {
        var batch = Batch(10);
        var sender = new ScriptedSender((3, 0), (4, 0), (3, 0));
        sender.Send(batch);
        Assert.Equal([0, 3, 7], sender.Offsets);
        Assert.All(Enumerable.Range(0, 10), i => Assert.Null(batch.Failure(i)));
    }

    [Theory]
    [InlineData(LibC.EAgain)]
    [InlineData(LibC.ENoBufs)]
    public void AFullBufferDropsTheRestOfTheBatchWithoutRetrying(int errno)
    {
        var batch = Batch(10);
        var sender = new ScriptedSender((4, 0), (-1, errno));
        sender.Send(batch);
        Assert.Equal(2, sender.Calls);
        Assert.All(Enumerable.Range(0, 4), i => Assert.Null(batch.Failure(i)));
        Assert.All(Enumerable.Range(4, 6), i => Assert.Equal(SendFailure.SocketBufferFull, batch.Failure(i)));
    }

    [Fact]
    public void AnErrorOfOneDatagramSkipsOnlyThatOne()
    {
        var batch = Batch(5);
        var sender = new ScriptedSender((2, 0), (-1, 101), (2, 0));
        sender.Send(batch);
        Assert.Equal([0, 2, 3], sender.Offsets);
        Assert.Equal(SendFailure.SocketError, batch.Failure(2));
        Assert.Equal(101, batch.Error(2));
        Assert.Null(batch.Failure(4));
    }

    [Fact]
    public void AnInterruptedCallIsRetriedAFewTimesOnly()
    {
        var batch = Batch(3);
        var retried = new ScriptedSender((-1, LibC.EIntr), (3, 0));
        retried.Send(batch);
        Assert.Equal(2, retried.Calls);
        Assert.All(Enumerable.Range(0, 3), i => Assert.Null(batch.Failure(i)));

        // A call that is interrupted forever still ends: after a few retries each datagram is given up.
        var forever = new ScriptedSender();
        forever.Repeat = (-1, LibC.EIntr);
        forever.Send(batch);
        Assert.True(forever.Calls <= 3 + 3 + 1, $"{forever.Calls} calls");
        Assert.All(Enumerable.Range(0, 3), i => Assert.Equal(SendFailure.SocketError, batch.Failure(i)));
    }

    [Fact]
    public void ACallThatSendsNothingEndsTheFlush()
    {
        var batch = Batch(3);
        var sender = new ScriptedSender();
        sender.Repeat = (0, 0);
        sender.Send(batch);
        Assert.Equal(1, sender.Calls);
        Assert.All(Enumerable.Range(0, 3), i => Assert.Equal(SendFailure.SocketBufferFull, batch.Failure(i)));
    }

    public void Dispose() => _socket.Dispose();

    private static SendBatch Batch(int count)
    {
        var batch = new SendBatch();
        var remote = new IPEndPoint(IPAddress.Loopback, 9).Serialize();
        for (int i = 0; i < count; i++)
        {
            batch.TryAdd(UdpReceivers.Datagram(i, 100), remote, PacketKind.Rtp);
        }

        return batch;
    }

    /// <summary>Answers each sendmmsg call from a script instead of the kernel, and records where each call started.</summary>
    private sealed class ScriptedSender : SendMmsgSender
    {
        private readonly Queue<(int Result, int Errno)> _script;
        private MultipleMessageHeader* _first;

        public ScriptedSender(params (int Result, int Errno)[] script)
            : base(-1)
        {
            _script = new Queue<(int, int)>(script);
        }

        public (int Result, int Errno)? Repeat { get; set; }

        public List<int> Offsets { get; } = new();

        public int Calls => Offsets.Count;

        protected override int SendMessages(MultipleMessageHeader* messages, uint count, out int errno)
        {
            if (_first == null)
            {
                _first = messages;
            }

            Offsets.Add((int)(messages - _first));
            Assert.True(Offsets.Count < 100, "the flush does not end");
            var (result, e) = _script.Count > 0 ? _script.Dequeue() : Repeat ?? throw new InvalidOperationException("script ended");
            errno = e;
            return result;
        }
    }
}
