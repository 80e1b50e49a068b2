namespace Sfu.Server.Hosting;

/// <summary>
/// Configuration layers, lowest first: the embedded default <c>appsettings.json</c> (the repository's root file,
/// compiled in), then the usual ASP.NET sources: an <c>appsettings.json</c> and
/// <c>appsettings.{Environment}.json</c> in the content root, environment variables (<c>Sfu__Media__Port=40100</c>)
/// and command-line arguments (<c>--Sfu:Media:Port=40100</c>).
/// </summary>
public static class ConfigurationSetup
{
    public const string EmbeddedDefaultsName = "Sfu.Server.appsettings.json";

    public static WebApplicationBuilder AddSfuConfiguration(this WebApplicationBuilder builder)
    {
        using var stream = typeof(ConfigurationSetup).Assembly.GetManifestResourceStream(EmbeddedDefaultsName)
            ?? throw new InvalidOperationException($"The embedded default configuration {EmbeddedDefaultsName} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        builder.Configuration.Sources.Insert(0, new EmbeddedJsonConfigurationSource(copy.ToArray()));
        return builder;
    }
}
