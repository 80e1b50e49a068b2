using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Sfu.Server.Auth;
using Sfu.Signaling.Auth;

namespace Sfu.Server.Tests.Hubs;

/// <summary>
/// The real server on real Kestrel at 127.0.0.1 (OS-chosen ports), for hub clients on real sockets: a client that stops
/// reading fills real TCP buffers. The accepted sockets' send buffer is kept small (set on the listening socket, which
/// they inherit), so a few hundred kilobytes fill the path instead of the kernel's autotuned megabytes.
/// </summary>
public sealed class KestrelHubHost : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string> _settings;

    public KestrelHubHost(Dictionary<string, string>? settings = null)
    {
        _settings = settings ?? new Dictionary<string, string>();
        UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Address = new Uri(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)));
    }

    /// <summary>The server's HTTP address, e.g. http://127.0.0.1:41234.</summary>
    public Uri Address { get; }

    /// <summary>A join token for any room with the default grants, for <paramref name="identity"/> (a new one when null).</summary>
    public string Token(string? identity = null) => Services.GetRequiredService<TokenService>().Create(
        new TokenRequest(identity ?? "test-" + Guid.NewGuid().ToString("N")[..8], null, TokenClaims.AnyRoom, ParticipantGrants.Default, TimeSpan.FromHours(1)));

    /// <summary>Connects a raw hub client (see <see cref="RawHubConnection"/>).</summary>
    public Task<RawHubConnection> ConnectAsync(string? identity = null, int? receiveBufferSize = null)
        => RawHubConnection.ConnectAsync(Address, Token(identity), receiveBufferSize);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Sfu:Media:Port", "0");
        builder.UseSetting("Sfu:Media:Workers", "1");
        builder.UseSetting("Sfu:Media:ListenAddress", "127.0.0.1");
        builder.UseSetting("Serilog:MinimumLevel", "Warning");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.Configure<SocketTransportOptions>(o => o.CreateBoundListenSocket = endpoint =>
        {
            var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
            socket.SendBufferSize = 16 * 1024;
            return socket;
        }));
    }
}
