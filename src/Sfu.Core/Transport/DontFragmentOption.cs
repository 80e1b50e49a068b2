using System.Net.Sockets;

namespace Sfu.Core.Transport;

/// <summary>
/// Sets the don't-fragment bit on every IPv4 datagram the media socket sends, without path MTU discovery
/// (<c>IP_MTU_DISCOVER</c> = <c>IP_PMTUDISC_PROBE</c> on Linux).
/// </summary>
/// <remarks>
/// <para>Without the bit, Linux gives every outgoing datagram of an unconnected UDP socket an IP identification
/// drawn from a hashed table of counters shared by the whole machine (a keyed hash and an atomic add per datagram,
/// contended by every core that sends). With it the identification is 0: nothing will be reassembled. In a fan-out
/// profile that draw was about 3 % of the media thread's time.</para>
/// <para>Our datagrams are at most a little over 1,200 bytes (RTP is packetized for that, DTLS flights are cut to the
/// same MTU), so they never needed fragmenting. <c>PROBE</c>, unlike <c>DO</c>, ignores path MTUs learned from ICMP
/// "fragmentation needed": a forged ICMP message cannot make the socket refuse our packets to a peer. Browsers send
/// their WebRTC datagrams with the bit set too. Elsewhere (not Linux, IPv6) nothing changes.</para>
/// </remarks>
internal static class DontFragmentOption
{
    private const int IpProtocolIp = 0;
    private const int IpMtuDiscover = 10;
    private const int IpPmtuDiscProbe = 3;

    /// <summary>Sets the option on <paramref name="socket"/>; false when not applicable or refused.</summary>
    public static bool TryApply(Socket socket)
    {
        if (!OperatingSystem.IsLinux() || socket.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        try
        {
            Span<byte> value = stackalloc byte[sizeof(int)];
            BitConverter.TryWriteBytes(value, IpPmtuDiscProbe);
            socket.SetRawSocketOption(IpProtocolIp, IpMtuDiscover, value);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The socket's <c>IP_MTU_DISCOVER</c> mode (tests); -1 where it cannot be read.</summary>
    public static int ReadMode(Socket socket)
    {
        if (!OperatingSystem.IsLinux() || socket.AddressFamily != AddressFamily.InterNetwork)
        {
            return -1;
        }

        Span<byte> value = stackalloc byte[sizeof(int)];
        return socket.GetRawSocketOption(IpProtocolIp, IpMtuDiscover, value) == sizeof(int) ? BitConverter.ToInt32(value) : -1;
    }
}
