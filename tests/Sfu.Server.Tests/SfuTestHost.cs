using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Sfu.Server.Tests;

/// <summary>The real host in memory (TestServer for HTTP), with media on OS-chosen loopback ports.</summary>
public sealed class SfuTestHost : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Sfu:Media:Port", "0");
        builder.UseSetting("Sfu:Media:Workers", "1");
        builder.UseSetting("Sfu:Media:ListenAddress", "127.0.0.1");
        builder.UseSetting("Serilog:MinimumLevel", "Warning");
    }
}
