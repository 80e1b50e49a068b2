using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Sfu.Load.Tests.Run;

/// <summary>
/// The real server on real Kestrel at 127.0.0.1 with OS-chosen HTTP and media ports, in this process: what the load
/// tool's smoke test runs against (the same pattern as the server's and the browser tests' hosts).
/// </summary>
public sealed class InProcessSfu : WebApplicationFactory<global::Program>
{
    public InProcessSfu()
    {
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
    }
}
