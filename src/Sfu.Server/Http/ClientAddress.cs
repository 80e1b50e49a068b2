using System.Net;
using System.Net.Sockets;

namespace Sfu.Server.Http;

/// <summary>Who a request comes from, for per-client limits.</summary>
public static class ClientAddress
{
    /// <summary>
    /// The partition of a remote address: an IPv4 address (also IPv4-mapped IPv6) as itself, an IPv6 address by
    /// its /64 prefix (one subscriber line usually has a whole /64, so per-address IPv6 limits would not limit),
    /// and <c>unknown</c> when there is none (an in-process test server). Behind a reverse proxy every request
    /// has the proxy's address unless forwarded headers are configured.
    /// </summary>
    public static string PartitionKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }
}
