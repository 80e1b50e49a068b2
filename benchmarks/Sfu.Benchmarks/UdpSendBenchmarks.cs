using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;

namespace Sfu.Benchmarks;

/// <summary>
/// The cost of handing one 1,230-byte datagram (a forwarded packet after SRTP) to the kernel with the allocation-free
/// <c>Socket.SendTo(ReadOnlySpan&lt;byte&gt;, SocketFlags, SocketAddress)</c>, to a UDP socket on 127.0.0.1: one that
/// nobody reads (its queue fills and the kernel drops the rest) and one a background thread drains.
/// </summary>
[MemoryDiagnoser]
public class UdpSendBenchmarks
{
    private readonly byte[] _datagram = new byte[1230];
    private Socket _sender = null!;
    private Socket _receiver = null!;
    private SocketAddress _target = null!;
    private Thread? _drain;
    private volatile bool _stop;

    [Params(false, true)]
    public bool Drained { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_datagram);
        _receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _target = _receiver.LocalEndPoint!.Serialize();
        if (Drained)
        {
            _drain = new Thread(Drain) { IsBackground = true, Name = "udp-drain" };
            _drain.Start();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stop = true;
        _receiver.Dispose();
        _drain?.Join(TimeSpan.FromSeconds(2));
        _sender.Dispose();
    }

    [Benchmark]
    public int SendTo() => _sender.SendTo(_datagram, SocketFlags.None, _target);

    private void Drain()
    {
        var buffer = new byte[2048];
        var from = new SocketAddress(AddressFamily.InterNetwork);
        while (!_stop)
        {
            try
            {
                _receiver.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (SocketException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }
}
