using System.Net;

namespace Sfu.Core.Net;

/// <summary>
/// Compares <see cref="SocketAddress"/> instances by the transport address they hold
/// (<see cref="SocketAddressExtensions.ContentEquals"/>), so they can key a dictionary without allocating per lookup.
/// </summary>
public sealed class SocketAddressContentComparer : IEqualityComparer<SocketAddress>
{
    /// <summary>The shared instance.</summary>
    public static SocketAddressContentComparer Instance { get; } = new();

    private SocketAddressContentComparer()
    {
    }

    /// <inheritdoc />
    public bool Equals(SocketAddress? x, SocketAddress? y)
    {
        if (x is null || y is null)
        {
            return x is null && y is null;
        }

        return SocketAddressExtensions.ContentEquals(x, y);
    }

    /// <inheritdoc />
    public int GetHashCode(SocketAddress obj) => obj.GetContentHashCode();
}
