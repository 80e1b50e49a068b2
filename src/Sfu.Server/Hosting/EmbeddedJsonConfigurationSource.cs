using Microsoft.Extensions.Configuration.Json;

namespace Sfu.Server.Hosting;

/// <summary>
/// A JSON configuration source over bytes compiled into the assembly. Unlike a plain stream source it can be
/// built more than once (the configuration manager rebuilds its providers whenever a source is added).
/// </summary>
public sealed class EmbeddedJsonConfigurationSource : IConfigurationSource
{
    private readonly byte[] _json;

    public EmbeddedJsonConfigurationSource(byte[] json) => _json = json;

    public IConfigurationProvider Build(IConfigurationBuilder builder)
        => new JsonStreamConfigurationProvider(new JsonStreamConfigurationSource { Stream = new MemoryStream(_json, writable: false) });
}
