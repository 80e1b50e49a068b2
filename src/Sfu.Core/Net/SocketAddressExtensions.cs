using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sfu.Core.Net;

/// <summary>
/// Allocation-free helpers over <see cref="SocketAddress"/>, the buffer that
/// <c>Socket.ReceiveFrom(Span&lt;byte&gt;, SocketFlags, SocketAddress)</c> fills with the sender's native sockaddr.
/// </summary>
/// <remarks>
/// The buffer holds the operating system's sockaddr. Only the first two bytes (the family tag) differ between
/// platforms (Linux: little-endian u16 2 / 10; Windows: 2 / 23; BSD/macOS: a length byte then the family byte).
/// Everything after them is the same on every platform:
/// <code>
/// sockaddr_in (16 bytes)                      sockaddr_in6 (28 bytes)
///  0      2      4              8      16      0      2      4           8                    24         28
/// +------+------+--------------+--------+     +------+------+-----------+--------------------+----------+
/// |family| port | IPv4 address | zero   |     |family| port | flow info | IPv6 address (16)  | scope id |
/// +------+------+--------------+--------+     +------+------+-----------+--------------------+----------+
///          big-endian                                  big-endian                             host order
/// </code>
/// The family tags are learnt once, at type initialisation, from <see cref="IPEndPoint.Serialize"/>, so the hot
/// checks compare two bytes instead of asking the platform layer.
/// An IPv4-mapped IPv6 address (<c>::ffff:a.b.c.d</c>, what a dual-mode socket reports for IPv4 peers) is treated as
/// the IPv4 address it carries by <see cref="WriteAddressBytes"/>, <see cref="ContentEquals"/> and
/// <see cref="GetContentHashCode"/>.
/// </remarks>
public static class SocketAddressExtensions
{
    /// <summary>Size in bytes of a serialized IPv4 address (sockaddr_in).</summary>
    public const int IPv4SocketAddressSize = 16;

    /// <summary>Size in bytes of a serialized IPv6 address (sockaddr_in6).</summary>
    public const int IPv6SocketAddressSize = 28;

    /// <summary>Largest number of bytes <see cref="WriteAddressBytes"/> writes.</summary>
    public const int MaxAddressBytes = 16;

    private const int PortOffset = 2;
    private const int IPv4AddressOffset = 4;
    private const int IPv6AddressOffset = 8;
    private const int IPv6ScopeIdOffset = 24;
    private const int IPv4MinimumSize = IPv4AddressOffset + 4;
    private const int IPv6MinimumSize = IPv6AddressOffset + 16;

    private static readonly ushort s_ipv4FamilyTag = ReadFamilyTag(new IPEndPoint(IPAddress.Any, 0).Serialize());
    private static readonly ushort s_ipv6FamilyTag = ReadFamilyTag(new IPEndPoint(IPAddress.IPv6Any, 0).Serialize());

    /// <summary>The port, in host order.</summary>
    public static int GetPort(this SocketAddress address)
    {
        ReadOnlySpan<byte> bytes = Validated(address, out _);
        return BinaryPrimitives.ReadUInt16BigEndian(bytes[PortOffset..]);
    }

    /// <summary>True when the address is an IPv4 sockaddr_in (an IPv4-mapped IPv6 address is not; see <see cref="IsIPv4OrIPv4Mapped"/>).</summary>
    public static bool IsIPv4(this SocketAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return ReadFamilyTag(address) == s_ipv4FamilyTag;
    }

    /// <summary>True when the address is an IPv6 sockaddr_in6, including IPv4-mapped ones.</summary>
    public static bool IsIPv6(this SocketAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return ReadFamilyTag(address) == s_ipv6FamilyTag;
    }

    /// <summary>True when the address is an IPv6 sockaddr_in6 carrying an IPv4-mapped address (<c>::ffff:a.b.c.d</c>).</summary>
    public static bool IsIPv4MappedToIPv6(this SocketAddress address)
    {
        ReadOnlySpan<byte> bytes = Validated(address, out bool isIPv4);
        return !isIPv4 && IsMapped(bytes);
    }

    /// <summary>True for an IPv4 address or an IPv4-mapped IPv6 address: the peer really speaks IPv4.</summary>
    public static bool IsIPv4OrIPv4Mapped(this SocketAddress address)
    {
        ReadOnlySpan<byte> bytes = Validated(address, out bool isIPv4);
        return isIPv4 || IsMapped(bytes);
    }

    /// <summary>
    /// The address family the peer really uses: <see cref="AddressFamily.InterNetwork"/> for IPv4 and IPv4-mapped
    /// IPv6 addresses, otherwise <see cref="AddressFamily.InterNetworkV6"/>.
    /// </summary>
    public static AddressFamily GetUnmappedFamily(this SocketAddress address) =>
        address.IsIPv4OrIPv4Mapped() ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;

    /// <summary>
    /// Writes the address in network order: 4 bytes for IPv4 and for IPv4-mapped IPv6 addresses (the embedded IPv4
    /// address), 16 bytes for other IPv6 addresses. Returns the number of bytes written.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the address.</exception>
    public static int WriteAddressBytes(this SocketAddress address, Span<byte> destination)
    {
        ReadOnlySpan<byte> source = GetAddressBytes(address);
        if (!source.TryCopyTo(destination))
        {
            ThrowDestinationTooSmall(source.Length, destination.Length);
        }

        return source.Length;
    }

    /// <summary>A new <see cref="SocketAddress"/> with the same content. Allocates: call it at setup or for a new peer only.</summary>
    public static SocketAddress Clone(this SocketAddress address)
    {
        ReadOnlySpan<byte> bytes = Validated(address, out _);
        var copy = new SocketAddress(address.Family, address.Size);
        bytes.CopyTo(copy.Buffer.Span);
        return copy;
    }

    /// <summary>
    /// True when both addresses name the same transport address: same port and same IP address, an IPv4-mapped
    /// IPv6 address being equal to the IPv4 address it carries. Genuine IPv6 addresses must also have the same scope
    /// id; the IPv6 flow label and the sockaddr padding are ignored.
    /// </summary>
    public static bool ContentEquals(SocketAddress a, SocketAddress b)
    {
        if (ReferenceEquals(a, b))
        {
            ArgumentNullException.ThrowIfNull(a);
            return true;
        }

        ReadOnlySpan<byte> x = Validated(a, out bool xIsIPv4);
        ReadOnlySpan<byte> y = Validated(b, out bool yIsIPv4);
        if (BinaryPrimitives.ReadUInt16LittleEndian(x[PortOffset..]) != BinaryPrimitives.ReadUInt16LittleEndian(y[PortOffset..]))
        {
            return false;
        }

        if (xIsIPv4 == yIsIPv4)
        {
            return xIsIPv4
                ? x.Slice(IPv4AddressOffset, 4).SequenceEqual(y.Slice(IPv4AddressOffset, 4))
                : x.Slice(IPv6AddressOffset, 16).SequenceEqual(y.Slice(IPv6AddressOffset, 16)) && ScopeId(x) == ScopeId(y);
        }

        return AddressBytes(x, xIsIPv4).SequenceEqual(AddressBytes(y, yIsIPv4));
    }

    /// <summary>A hash code consistent with <see cref="ContentEquals"/>.</summary>
    public static int GetContentHashCode(this SocketAddress address)
    {
        ReadOnlySpan<byte> bytes = Validated(address, out bool isIPv4);
        var hash = new HashCode();
        hash.Add(BinaryPrimitives.ReadUInt16BigEndian(bytes[PortOffset..]));
        hash.AddBytes(AddressBytes(bytes, isIPv4));
        return hash.ToHashCode();
    }

    /// <summary>
    /// Converts to an <see cref="IPEndPoint"/> (an IPv4-mapped address stays mapped, as the socket reported it).
    /// Allocates: for logs, tests and setup, not for the packet path.
    /// </summary>
    public static IPEndPoint ToIPEndPoint(this SocketAddress address)
    {
        ReadOnlySpan<byte> bytes = Validated(address, out bool isIPv4);
        int port = BinaryPrimitives.ReadUInt16BigEndian(bytes[PortOffset..]);
        IPAddress ip = isIPv4
            ? new IPAddress(bytes.Slice(IPv4AddressOffset, 4))
            : new IPAddress(bytes.Slice(IPv6AddressOffset, 16), ScopeId(bytes));
        return new IPEndPoint(ip, port);
    }

    /// <summary>The raw address bytes (4 or 16; the IPv4 part of an IPv4-mapped address), as a view into the buffer.</summary>
    internal static ReadOnlySpan<byte> GetAddressBytes(SocketAddress address)
    {
        ReadOnlySpan<byte> bytes = Validated(address, out bool isIPv4);
        return AddressBytes(bytes, isIPv4);
    }

    private static ReadOnlySpan<byte> AddressBytes(ReadOnlySpan<byte> bytes, bool isIPv4)
    {
        if (isIPv4)
        {
            return bytes.Slice(IPv4AddressOffset, 4);
        }

        return IsMapped(bytes) ? bytes.Slice(IPv6AddressOffset + 12, 4) : bytes.Slice(IPv6AddressOffset, 16);
    }

    // ::ffff:a.b.c.d = 80 zero bits, 16 one bits, then the IPv4 address.
    private static bool IsMapped(ReadOnlySpan<byte> sockaddrIn6) =>
        BinaryPrimitives.ReadUInt64LittleEndian(sockaddrIn6[IPv6AddressOffset..]) == 0
        && BinaryPrimitives.ReadUInt32BigEndian(sockaddrIn6[(IPv6AddressOffset + 8)..]) == 0x0000FFFF;

    // sin6_scope_id is in host byte order.
    private static long ScopeId(ReadOnlySpan<byte> sockaddrIn6) =>
        sockaddrIn6.Length >= IPv6SocketAddressSize ? MemoryMarshal.Read<uint>(sockaddrIn6[IPv6ScopeIdOffset..]) : 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<byte> Validated(SocketAddress address, out bool isIPv4)
    {
        ArgumentNullException.ThrowIfNull(address);
        ReadOnlySpan<byte> bytes = address.Buffer.Span;
        int size = address.Size;
        if ((uint)size <= (uint)bytes.Length)
        {
            bytes = bytes[..size];
            if (bytes.Length >= 2)
            {
                ushort tag = BinaryPrimitives.ReadUInt16LittleEndian(bytes);
                if (tag == s_ipv4FamilyTag && bytes.Length >= IPv4MinimumSize)
                {
                    isIPv4 = true;
                    return bytes;
                }

                if (tag == s_ipv6FamilyTag && bytes.Length >= IPv6MinimumSize)
                {
                    isIPv4 = false;
                    return bytes;
                }
            }
        }

        isIPv4 = false;
        ThrowUnsupported(address);
        return default;
    }

    private static ushort ReadFamilyTag(SocketAddress address)
    {
        ReadOnlySpan<byte> bytes = address.Buffer.Span;
        return bytes.Length >= 2 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes) : (ushort)0;
    }

    private static void ThrowUnsupported(SocketAddress address) =>
        throw new ArgumentException(
            $"Only IPv4 and IPv6 socket addresses are supported (family tag 0x{ReadFamilyTag(address):x4}, size {address.Size}).",
            nameof(address));

    private static void ThrowDestinationTooSmall(int needed, int actual) =>
        throw new ArgumentException($"Destination holds {actual} bytes; the address needs {needed}.", "destination");
}
