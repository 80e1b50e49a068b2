using System.Net;
using System.Net.Sockets;

namespace Sfu.Core.Tests.Transport;

/// <summary>Several UDP sockets on 127.0.0.1 that stand for distinct subscribers of a fan-out.</summary>
internal sealed class UdpReceivers : IDisposable
{
    private readonly Socket[] _sockets;

    public UdpReceivers(int count)
    {
        _sockets = new Socket[count];
        for (int i = 0; i < count; i++)
        {
            _sockets[i] = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            _sockets[i].Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _sockets[i].ReceiveTimeout = 2000;
        }
    }

    public int Count => _sockets.Length;

    /// <summary>Receiver <paramref name="index"/>'s address as the socket layer writes it.</summary>
    public SocketAddress Address(int index) => _sockets[index].LocalEndPoint!.Serialize();

    /// <summary>Datagrams already queued at receiver <paramref name="index"/> (0 when nothing arrived).</summary>
    public int Available(int index) => _sockets[index].Available;

    /// <summary>The next datagram at receiver <paramref name="index"/>, or null when none comes within 2 s.</summary>
    public byte[]? Receive(int index)
    {
        var buffer = new byte[4096];
        try
        {
            int n = _sockets[index].Receive(buffer);
            return buffer.AsSpan(0, n).ToArray();
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            return null;
        }
    }

    /// <summary>A datagram of <paramref name="length"/> bytes whose content names <paramref name="tag"/>.</summary>
    public static byte[] Datagram(int tag, int length = 1200)
    {
        var data = new byte[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = (byte)(tag * 31 + i);
        }

        return data;
    }

    public void Dispose()
    {
        foreach (var s in _sockets)
        {
            s.Dispose();
        }
    }
}
