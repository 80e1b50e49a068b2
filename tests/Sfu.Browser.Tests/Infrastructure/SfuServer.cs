using System.Globalization;
using System.Text.RegularExpressions;
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

    /// <summary>
    /// The value of counter <paramref name="metric"/> (any suffix, e.g. <c>_total</c>) whose label
    /// <paramref name="label"/> is <paramref name="value"/>, from the server's <c>/metrics</c>; 0 when it is not there.
    /// </summary>
    public async Task<long> CounterAsync(string metric, string label, string value)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        var text = await http.GetStringAsync("/metrics");
        var match = Regex.Match(text, $@"^{metric}[a-z_]*\{{[^}}]*{label}=""{value}""[^}}]*\}} (\d+)", RegexOptions.Multiline);
        return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (k, v) in _settings)
        {
            builder.UseSetting(k, v);
        }
    }
}
