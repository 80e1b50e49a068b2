using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Sfu.Core.Transport;

/// <summary>Which IP addresses to announce as ICE host candidates.</summary>
public static class LocalAddresses
{
    /// <summary>
    /// The announced addresses when configured; else the listen address when it is specific; else every
    /// up interface's IPv4 address, non-loopback first (loopback last, for a browser on the same machine).
    /// </summary>
    public static IReadOnlyList<IPAddress> Resolve(MediaOptions options)
    {
        if (options.AnnouncedAddresses.Count > 0)
        {
            return options.AnnouncedAddresses.Select(IPAddress.Parse).ToArray();
        }

        var listen = IPAddress.Parse(options.ListenAddress);
        if (!listen.Equals(IPAddress.Any) && !listen.Equals(IPAddress.IPv6Any))
        {
            return new[] { listen };
        }

        var result = new List<IPAddress>();
        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                if (nic.OperationalStatus != OperationalStatus.Up && nic.NetworkInterfaceType != NetworkInterfaceType.Loopback)
                {
                    continue;
                }

                foreach (var ua in nic.GetIPProperties().UnicastAddresses)
                {
                    if (ua.Address.AddressFamily == AddressFamily.InterNetwork && !result.Contains(ua.Address))
                    {
                        result.Add(ua.Address);
                    }
                }
            }
        }
        catch (NetworkInformationException)
        {
            // Fall through to loopback.
        }

        if (!result.Any(IPAddress.IsLoopback))
        {
            result.Add(IPAddress.Loopback);
        }

        return result.OrderBy(a => IPAddress.IsLoopback(a) ? 1 : 0).ToArray();
    }
}
