using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Sfu.Core.Transport;

namespace Sfu.Benchmarks;

/// <summary>
/// The cost per datagram of handing 1,230-byte datagrams (a forwarded packet after SRTP) to the kernel on 127.0.0.1:
/// one allocation-free <c>Socket.SendTo</c> each, against the worker's <see cref="SendBatch"/> flushed with one
/// <c>sendmmsg(2)</c> per 8, 32 or 64 datagrams, to 64 distinct destinations (an SFU's fan-out). Where every
/// datagram goes to one destination (a frame's packets to one subscriber, an RTX burst), also UDP generic
/// segmentation offload: one <c>sendto</c> of 8 or 32 equal segments with the <c>UDP_SEGMENT</c> socket option.
/// The receivers are either never read (their queues fill and the kernel drops at the receiver) or drained by a
/// background thread. <c>EnqueueOnly</c> is the copy into the batch slots alone, with no system call.
/// Every method sends 64 datagrams; the reported time is per datagram.
/// </summary>
[MemoryDiagnoser]
public class UdpSendBenchmarks
{
    private const int Datagrams = 64;
    private const int DatagramLength = 1230;
    private const int GsoSegment = 1200;
    private const int SolUdp = 17;
    private const int UdpSegment = 103;

    private readonly byte[] _datagram = new byte[DatagramLength];
    private readonly byte[] _segments = new byte[32 * GsoSegment];
    private readonly SendBatch _batch8 = new(8);
    private readonly SendBatch _batch32 = new(32);
    private readonly SendBatch _batch64 = new(64);
    private Socket _sender = null!;
    private Socket _gsoSender = null!;
    private SendMmsgSender _mmsg = null!;
    private LoopbackReceivers _receivers = null!;
    private SocketAddress[] _targets = [];

    [Params(false, true)]
    public bool Drained { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_datagram);
        new Random(2).NextBytes(_segments);
        _sender = Bind();
        _gsoSender = Bind();
        _gsoSender.SetRawSocketOption(SolUdp, UdpSegment, BitConverter.GetBytes(GsoSegment));
        if (!SendMmsgSender.IsSupported(_sender))
        {
            throw new InvalidOperationException("sendmmsg is not available here.");
        }

        _mmsg = new SendMmsgSender(_sender);
        CheckGsoSplitsIntoSegments();
        _receivers = new LoopbackReceivers(Datagrams, Drained);
        _targets = _receivers.Addresses;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _receivers.Dispose();
        _sender.Dispose();
        _gsoSender.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Datagrams)]
    public int SendTo()
    {
        int sent = 0;
        for (int i = 0; i < Datagrams; i++)
        {
            sent += _sender.SendTo(_datagram, SocketFlags.None, _targets[i]);
        }

        return sent;
    }

    [Benchmark(OperationsPerInvoke = Datagrams)]
    public int SendMmsg8() => SendBatched(_batch8, distinct: true);

    [Benchmark(OperationsPerInvoke = Datagrams)]
    public int SendMmsg32() => SendBatched(_batch32, distinct: true);

    [Benchmark(OperationsPerInvoke = Datagrams)]
    public int SendMmsg64() => SendBatched(_batch64, distinct: true);

    [Benchmark(OperationsPerInvoke = Datagrams)]
    public int EnqueueOnly()
    {
        for (int i = 0; i < Datagrams; i++)
        {
            _batch64.TryAdd(_datagram, _targets[i], PacketKind.Rtp);
        }

        int count = _batch64.Count;
        _batch64.Clear();
        return count;
    }

    [Benchmark(OperationsPerInvoke = Datagrams)]
    public int SendToOneDestination()
    {
        int sent = 0;
        for (int i = 0; i < Datagrams; i++)
        {
            sent += _sender.SendTo(_datagram, SocketFlags.None, _targets[0]);
        }

        return sent;
    }

    [Benchmark(OperationsPerInvoke = Datagrams)]
    public int SendMmsg64OneDestination() => SendBatched(_batch64, distinct: false);

    [Benchmark(OperationsPerInvoke = Datagrams)]
    public int Gso8OneDestination() => SendSegmented(8);

    [Benchmark(OperationsPerInvoke = Datagrams)]
    public int Gso32OneDestination() => SendSegmented(32);

    private int SendBatched(SendBatch batch, bool distinct)
    {
        for (int i = 0; i < Datagrams; i++)
        {
            batch.TryAdd(_datagram, _targets[distinct ? i : 0], PacketKind.Rtp);
            if (batch.IsFull)
            {
                _mmsg.Send(batch);
                batch.Clear();
            }
        }

        return batch.Capacity;
    }

    private int SendSegmented(int segments)
    {
        int sent = 0;
        var payload = _segments.AsSpan(0, segments * GsoSegment);
        for (int i = 0; i < Datagrams; i += segments)
        {
            sent += _gsoSender.SendTo(payload, SocketFlags.None, _targets[0]);
        }

        return sent;
    }

    /// <summary>The kernel must split one GSO send into separate datagrams the receiver sees one by one.</summary>
    private void CheckGsoSplitsIntoSegments()
    {
        using var check = Bind();
        check.ReceiveTimeout = 2000;
        _gsoSender.SendTo(_segments.AsSpan(0, 8 * GsoSegment), SocketFlags.None, check.LocalEndPoint!.Serialize());
        var buffer = new byte[65536];
        for (int i = 0; i < 8; i++)
        {
            int n = check.Receive(buffer);
            if (n != GsoSegment || !buffer.AsSpan(0, n).SequenceEqual(_segments.AsSpan(i * GsoSegment, GsoSegment)))
            {
                throw new InvalidOperationException($"UDP_SEGMENT did not split the send: datagram {i} has {n} bytes.");
            }
        }
    }

    private static Socket Bind()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.SendBufferSize = 4 * 1024 * 1024;
        return socket;
    }
}
