using System.Net;
using System.Net.Sockets;
using Sfu.Core.Transport;

namespace Sfu.Server.Tests.Metrics;

/// <summary>Garbage datagrams to a host's media port, each kind landing on a known drop reason.</summary>
public static class MediaTraffic
{
    /// <summary>First byte 100: no protocol of RFC 7983 → unknown_protocol.</summary>
    public static readonly byte[] UnknownProtocol = [100, 1, 2, 3];

    /// <summary>An RTP-looking datagram from an address that passed no ICE check → unknown_sender.</summary>
    public static readonly byte[] RtpFromStranger = [0x80, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1];

    /// <summary>A DTLS-looking record from an address that passed no ICE check → unknown_sender.</summary>
    public static readonly byte[] DtlsFromStranger = [22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>A STUN type byte with no valid STUN header → malformed_stun.</summary>
    public static readonly byte[] TruncatedStun = [0, 1, 0];

    public static IPEndPoint MediaEndPoint(IServiceProvider services)
    {
        var engine = (MediaEngine)services.GetService(typeof(MediaEngine))!;
        var local = engine.Workers[0].LocalEndPoint;
        return new IPEndPoint(local.Address.Equals(IPAddress.Any) ? IPAddress.Loopback : local.Address, local.Port);
    }

    public static void Send(IPEndPoint target, byte[] datagram, int times)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        for (int i = 0; i < times; i++)
        {
            socket.SendTo(datagram, target);
        }
    }
}
