using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Sfu.Browser.Tests.Infrastructure;

/// <summary>
/// The real server on real Kestrel bound to 127.0.0.1 with an OS-chosen HTTP port and OS-chosen media ports,
/// so browser tests can run beside a developer's own server.
/// </summary>
public sealed class SfuServer : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public SfuServer(IDictionary<string, string?>? settings = null)
    {
        _settings = new Dictionary<string, string?>
        {
            ["Sfu:Media:Port"] = "0",
            ["Sfu:Media:Workers"] = "2",
            ["Sfu:Media:ListenAddress"] = "127.0.0.1",
            ["Serilog:MinimumLevel"] = "Warning",
        };
        if (settings is not null)
        {
            foreach (var (k, v) in settings)
            {
                _settings[k] = v;
            }
        }

        UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)));
    }

    /// <summary>The server's HTTP address, e.g. http://127.0.0.1:41234.</summary>
    public Uri BaseAddress { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (k, v) in _settings)
        {
            builder.UseSetting(k, v);
        }
    }
}
