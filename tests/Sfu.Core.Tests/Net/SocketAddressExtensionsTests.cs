using System.Net;
using System.Net.Sockets;
using Sfu.Core.Net;

namespace Sfu.Core.Tests.Net;

public sealed class SocketAddressExtensionsTests
{
    private static SocketAddress Serialize(string ip, int port) => new IPEndPoint(IPAddress.Parse(ip), port).Serialize();

    [Fact]
    public void Linux_layout_of_serialized_ipv4_matches_sockaddr_in()
    {
        SocketAddress address = Serialize("192.0.2.1", 32853);
        Assert.Equal(SocketAddressExtensions.IPv4SocketAddressSize, address.Size);
        if (OperatingSystem.IsLinux())
        {
            // sa_family = AF_INET (2, host order), sin_port big-endian, sin_addr, 8 zero bytes.
            byte[] expected = [2, 0, 0x80, 0x55, 192, 0, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0];
            Assert.Equal(expected, address.Buffer.Span[..address.Size].ToArray());
        }
    }

    [Fact]
    public void Linux_layout_of_serialized_ipv6_matches_sockaddr_in6()
    {
        var ip = IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677");
        ip.ScopeId = 7;
        SocketAddress address = new IPEndPoint(ip, 32853).Serialize();
        Assert.Equal(SocketAddressExtensions.IPv6SocketAddressSize, address.Size);
        if (OperatingSystem.IsLinux())
        {
            // sin6_family = AF_INET6 (10), sin6_port, sin6_flowinfo, sin6_addr, sin6_scope_id (host order).
            byte[] expected =
            [
                10, 0, 0x80, 0x55, 0, 0, 0, 0,
                0x20, 0x01, 0x0d, 0xb8, 0x12, 0x34, 0x56, 0x78, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                7, 0, 0, 0,
            ];
            Assert.Equal(expected, address.Buffer.Span[..address.Size].ToArray());
        }
    }

    [Fact]
    public void Ipv4_port_family_and_address_bytes()
    {
        SocketAddress address = Serialize("192.0.2.1", 32853);
        Assert.Equal(32853, address.GetPort());
        Assert.True(address.IsIPv4());
        Assert.False(address.IsIPv6());
        Assert.False(address.IsIPv4MappedToIPv6());
        Assert.True(address.IsIPv4OrIPv4Mapped());
        Assert.Equal(AddressFamily.InterNetwork, address.GetUnmappedFamily());

        Span<byte> bytes = stackalloc byte[16];
        Assert.Equal(4, address.WriteAddressBytes(bytes));
        Assert.Equal(new byte[] { 192, 0, 2, 1 }, bytes[..4].ToArray());
    }

    [Fact]
    public void Ipv6_port_family_and_address_bytes()
    {
        SocketAddress address = Serialize("2001:db8:1234:5678:11:2233:4455:6677", 65535);
        Assert.Equal(65535, address.GetPort());
        Assert.False(address.IsIPv4());
        Assert.True(address.IsIPv6());
        Assert.False(address.IsIPv4MappedToIPv6());
        Assert.False(address.IsIPv4OrIPv4Mapped());
        Assert.Equal(AddressFamily.InterNetworkV6, address.GetUnmappedFamily());

        Span<byte> bytes = stackalloc byte[16];
        Assert.Equal(16, address.WriteAddressBytes(bytes));
        Assert.Equal(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677").GetAddressBytes(), bytes.ToArray());
    }

    [Fact]
    public void Ipv4_mapped_ipv6_writes_the_ipv4_address()
    {
        SocketAddress mapped = Serialize("::ffff:198.51.100.7", 5000);
        Assert.True(mapped.IsIPv6());
        Assert.True(mapped.IsIPv4MappedToIPv6());
        Assert.True(mapped.IsIPv4OrIPv4Mapped());
        Assert.Equal(AddressFamily.InterNetwork, mapped.GetUnmappedFamily());

        Span<byte> bytes = stackalloc byte[16];
        Assert.Equal(4, mapped.WriteAddressBytes(bytes));
        Assert.Equal(new byte[] { 198, 51, 100, 7 }, bytes[..4].ToArray());
    }

    [Fact]
    public void Write_address_bytes_throws_when_destination_is_too_small()
    {
        SocketAddress address = Serialize("2001:db8::1", 1);
        Assert.Throws<ArgumentException>(() => address.WriteAddressBytes(new byte[15]));
        Assert.Equal(4, Serialize("10.0.0.1", 1).WriteAddressBytes(new byte[4]));
    }

    [Fact]
    public void Port_zero_and_max()
    {
        Assert.Equal(0, Serialize("10.0.0.1", 0).GetPort());
        Assert.Equal(65535, Serialize("10.0.0.1", 65535).GetPort());
        Assert.Equal(256, Serialize("10.0.0.1", 256).GetPort());
    }

    [Fact]
    public void Clone_is_a_distinct_equal_copy()
    {
        SocketAddress original = Serialize("203.0.113.9", 40000);
        SocketAddress copy = original.Clone();
        Assert.NotSame(original, copy);
        Assert.Equal(original.Size, copy.Size);
        Assert.Equal(original.Family, copy.Family);
        Assert.True(SocketAddressExtensions.ContentEquals(original, copy));

        // Mutating the original (as the next ReceiveFrom would) leaves the copy alone.
        new IPEndPoint(IPAddress.Parse("198.51.100.1"), 1).Serialize().Buffer.Span.CopyTo(original.Buffer.Span);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("203.0.113.9"), 40000), copy.ToIPEndPoint());
        Assert.False(SocketAddressExtensions.ContentEquals(original, copy));
    }

    [Fact]
    public void Clone_of_ipv6_keeps_scope_id()
    {
        var ip = IPAddress.Parse("fe80::1");
        ip.ScopeId = 3;
        SocketAddress copy = new IPEndPoint(ip, 9).Serialize().Clone();
        IPEndPoint back = copy.ToIPEndPoint();
        Assert.Equal(3, back.Address.ScopeId);
        Assert.Equal(9, back.Port);
    }

    [Theory]
    [InlineData("192.0.2.1", 1000, "192.0.2.1", 1000, true)]
    [InlineData("192.0.2.1", 1000, "192.0.2.1", 1001, false)]
    [InlineData("192.0.2.1", 1000, "192.0.2.2", 1000, false)]
    [InlineData("192.0.2.1", 1000, "::ffff:192.0.2.1", 1000, true)]
    [InlineData("::ffff:192.0.2.1", 1000, "192.0.2.1", 1000, true)]
    [InlineData("::ffff:192.0.2.1", 1000, "::ffff:192.0.2.2", 1000, false)]
    [InlineData("2001:db8::1", 1000, "2001:db8::1", 1000, true)]
    [InlineData("2001:db8::1", 1000, "2001:db8::2", 1000, false)]
    [InlineData("2001:db8::1", 1000, "2001:db8::1", 2000, false)]
    [InlineData("::c000:201", 1000, "192.0.2.1", 1000, false)] // IPv4-compatible, not mapped
    public void Content_equality(string ipA, int portA, string ipB, int portB, bool expected)
    {
        SocketAddress a = Serialize(ipA, portA);
        SocketAddress b = Serialize(ipB, portB);
        Assert.Equal(expected, SocketAddressExtensions.ContentEquals(a, b));
        Assert.Equal(expected, SocketAddressExtensions.ContentEquals(b, a));
        Assert.Equal(expected, SocketAddressContentComparer.Instance.Equals(a, b));
        if (expected)
        {
            Assert.Equal(a.GetContentHashCode(), b.GetContentHashCode());
        }
    }

    [Fact]
    public void Content_equality_distinguishes_scope_ids_and_ignores_flow_info()
    {
        var linkLocal1 = IPAddress.Parse("fe80::1");
        linkLocal1.ScopeId = 1;
        var linkLocal2 = IPAddress.Parse("fe80::1");
        linkLocal2.ScopeId = 2;
        Assert.False(SocketAddressExtensions.ContentEquals(new IPEndPoint(linkLocal1, 5).Serialize(), new IPEndPoint(linkLocal2, 5).Serialize()));

        SocketAddress withFlow = Serialize("2001:db8::1", 5);
        withFlow.Buffer.Span[4] = 0x12; // flow info
        Assert.True(SocketAddressExtensions.ContentEquals(withFlow, Serialize("2001:db8::1", 5)));
    }

    [Fact]
    public void Comparer_keys_a_dictionary()
    {
        var map = new Dictionary<SocketAddress, int>(SocketAddressContentComparer.Instance)
        {
            [Serialize("192.0.2.1", 1)] = 1,
            [Serialize("2001:db8::1", 1)] = 2,
        };
        Assert.Equal(1, map[Serialize("::ffff:192.0.2.1", 1)]);
        Assert.Equal(2, map[Serialize("2001:db8::1", 1)]);
        Assert.False(map.ContainsKey(Serialize("192.0.2.1", 2)));
        Assert.True(SocketAddressContentComparer.Instance.Equals(null, null));
        Assert.False(SocketAddressContentComparer.Instance.Equals(Serialize("192.0.2.1", 1), null));
    }

    [Theory]
    [InlineData("192.0.2.1", 80)]
    [InlineData("::ffff:192.0.2.1", 443)]
    [InlineData("2001:db8:1234:5678:11:2233:4455:6677", 32853)]
    [InlineData("::", 0)]
    public void To_ip_end_point_round_trips(string ip, int port)
    {
        var endPoint = new IPEndPoint(IPAddress.Parse(ip), port);
        Assert.Equal(endPoint, endPoint.Serialize().ToIPEndPoint());
    }

    [Fact]
    public void Unsupported_family_throws_argument_exception()
    {
        var unspecified = new SocketAddress(AddressFamily.Unix, 32);
        Assert.Throws<ArgumentException>(() => unspecified.GetPort());
        Assert.Throws<ArgumentException>(() => unspecified.Clone());
        Assert.False(unspecified.IsIPv4());
        Assert.False(unspecified.IsIPv6());
        Assert.Throws<ArgumentNullException>(() => SocketAddressExtensions.GetPort(null!));
    }

    [Fact]
    public void Helpers_read_addresses_filled_by_receive_from()
    {
        using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        receiver.ReceiveTimeout = 5000;
        sender.SendTo([1, 2, 3], receiver.LocalEndPoint!);

        var from = new SocketAddress(AddressFamily.InterNetwork);
        int received = receiver.ReceiveFrom(new byte[16], SocketFlags.None, from);
        Assert.Equal(3, received);
        var expected = (IPEndPoint)sender.LocalEndPoint!;
        Assert.True(from.IsIPv4());
        Assert.Equal(expected.Port, from.GetPort());
        Assert.Equal(expected, from.ToIPEndPoint());
        Assert.True(SocketAddressExtensions.ContentEquals(from, expected.Serialize()));
    }

    [Fact]
    public void Dual_mode_socket_reports_ipv4_peers_as_mapped_addresses()
    {
        if (!Socket.OSSupportsIPv6)
        {
            return;
        }

        using var receiver = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp) { DualMode = true };
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        receiver.Bind(new IPEndPoint(IPAddress.IPv6Any, 0));
        sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        receiver.ReceiveTimeout = 5000;
        sender.SendTo([9], new IPEndPoint(IPAddress.Loopback, ((IPEndPoint)receiver.LocalEndPoint!).Port));

        var from = new SocketAddress(AddressFamily.InterNetworkV6);
        Assert.Equal(1, receiver.ReceiveFrom(new byte[16], SocketFlags.None, from));
        var expected = (IPEndPoint)sender.LocalEndPoint!;
        Assert.True(from.IsIPv4MappedToIPv6());
        Assert.Equal(expected.Port, from.GetPort());
        Span<byte> bytes = stackalloc byte[16];
        Assert.Equal(4, from.WriteAddressBytes(bytes));
        Assert.Equal(new byte[] { 127, 0, 0, 1 }, bytes[..4].ToArray());
        Assert.True(SocketAddressExtensions.ContentEquals(from, expected.Serialize()));
    }
}
