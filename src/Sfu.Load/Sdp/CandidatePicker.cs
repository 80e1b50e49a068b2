using System.Globalization;
using System.Net;
using Sfu.Core.Sdp;

namespace Sfu.Load.Sdp;

/// <summary>
/// Picks the server candidate the tool sends media to. Load runs stay on the machine (or the test network) they
/// target: when the server was reached through a loopback address only a loopback candidate is used; an explicit
/// media address (<c>--media-address</c>) replaces the candidates' addresses (their port is kept).
/// </summary>
public sealed class CandidatePicker
{
    private readonly IPAddress? _serverAddress;
    private readonly IPAddress? _mediaAddress;

    /// <param name="serverAddress">The address the hub URL resolved to (null: unknown).</param>
    /// <param name="mediaAddress">Send media here instead of the candidates' addresses (null: use the candidates).</param>
    public CandidatePicker(IPAddress? serverAddress, IPAddress? mediaAddress)
    {
        _serverAddress = serverAddress;
        _mediaAddress = mediaAddress;
    }

    /// <summary>The end point to use, or an exception saying why none fits.</summary>
    public IPEndPoint Pick(IEnumerable<IceCandidate> candidates)
    {
        var udp = candidates
            .Where(c => c.Transport == IceTransportProtocol.Udp && c.Component == 1)
            .Select(c => (Candidate: c, Address: IPAddress.TryParse(c.Address, out var a) ? a : null))
            .Where(c => c.Address is not null)
            .ToList();
        if (udp.Count == 0)
        {
            throw new InvalidOperationException("The server's SDP has no UDP candidate with an IP address.");
        }

        if (_mediaAddress is not null)
        {
            return new IPEndPoint(_mediaAddress, udp[0].Candidate.Port);
        }

        if (_serverAddress is not null && IPAddress.IsLoopback(_serverAddress))
        {
            var loopback = udp.FirstOrDefault(c => IPAddress.IsLoopback(c.Address!));
            if (loopback.Candidate is null)
            {
                throw new InvalidOperationException(
                    "The server was reached on a loopback address but offers no loopback candidate ("
                    + string.Join(", ", udp.Select(c => c.Address!.ToString()))
                    + "); pass --media-address to choose where media goes.");
            }

            return new IPEndPoint(loopback.Address!, loopback.Candidate.Port);
        }

        var same = udp.FirstOrDefault(c => _serverAddress is not null && c.Address!.Equals(_serverAddress));
        var chosen = same.Candidate is not null ? same : udp[0];
        return new IPEndPoint(chosen.Address!, chosen.Candidate.Port);
    }

    /// <summary>Describes the choice for messages.</summary>
    public override string ToString() => _mediaAddress is not null
        ? "media address " + _mediaAddress.ToString()
        : "server " + (_serverAddress?.ToString() ?? "?") + string.Create(CultureInfo.InvariantCulture, $" (loopback only: {_serverAddress is not null && IPAddress.IsLoopback(_serverAddress)})");
}
