using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Sfu.Server.Tests.Deploy;

/// <summary>
/// The real server on real Kestrel at 127.0.0.1 with an OS-chosen HTTP port and media port, for programs
/// outside this process (Prometheus) to reach. The same pattern as the browser tests' server.
/// </summary>
public sealed class KestrelSfuHost : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly Action<IServiceCollection>? _services;

    /// <param name="settings">Configuration on top of the test defaults (<c>Sfu:Http:MaxBodyBytesInFlight</c> = ...).</param>
    /// <param name="services">Service registrations on top of the server's (a test's own implementations).</param>
    public KestrelSfuHost(IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
    {
        _settings = settings ?? new Dictionary<string, string>();
        _services = services;
        UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Address = new Uri(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)));
    }

    /// <summary>The server's HTTP address, e.g. http://127.0.0.1:41234.</summary>
    public Uri Address { get; }

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

        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
    }
}
