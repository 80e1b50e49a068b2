using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Sfu.Core.Interop;

namespace Sfu.Benchmarks;

/// <summary>
/// UDP sockets on 127.0.0.1 standing for subscribers. Either nobody reads them (each queue fills and the kernel drops
/// what comes next, at the receiver) or one background thread drains them all, waiting in <c>poll(2)</c>.
/// </summary>
internal sealed unsafe class LoopbackReceivers : IDisposable
{
    private readonly Socket[] _sockets;
    private readonly Thread? _drain;
    private volatile bool _stop;

    public LoopbackReceivers(int count, bool drained)
    {
        _sockets = new Socket[count];
        Addresses = new SocketAddress[count];
        for (int i = 0; i < count; i++)
        {
            _sockets[i] = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            _sockets[i].Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _sockets[i].Blocking = false;
            Addresses[i] = _sockets[i].LocalEndPoint!.Serialize();
        }

        if (drained)
        {
            _drain = new Thread(Drain) { IsBackground = true, Name = "udp-drain" };
            _drain.Start();
        }
    }

    public SocketAddress[] Addresses { get; }

    public void Dispose()
    {
        _stop = true;
        _drain?.Join(TimeSpan.FromSeconds(2));
        foreach (var s in _sockets)
        {
            s.Dispose();
        }
    }

    private void Drain()
    {
        var descriptors = GC.AllocateArray<PollDescriptor>(_sockets.Length, pinned: true);
        for (int i = 0; i < _sockets.Length; i++)
        {
            descriptors[i] = new PollDescriptor { Descriptor = (int)_sockets[i].Handle, Events = LibC.PollIn };
        }

        var buffer = new byte[65536];
        var from = new SocketAddress(AddressFamily.InterNetwork);
        var first = (PollDescriptor*)Unsafe.AsPointer(ref descriptors[0]);
        while (!_stop)
        {
            if (LibC.poll(first, (nuint)descriptors.Length, 100) <= 0)
            {
                continue;
            }

            for (int i = 0; i < descriptors.Length; i++)
            {
                if ((descriptors[i].ReturnedEvents & LibC.PollIn) == 0)
                {
                    continue;
                }

                while (_sockets[i].Available > 0)
                {
                    _sockets[i].ReceiveFrom(buffer, SocketFlags.None, from);
                }
            }
        }
    }
}
