using System.Text.Json;

namespace Sfu.Server.Tests.Hosting;

/// <summary>
/// The server's GC settings as built into its runtime configuration (<c>Sfu.Server.runtimeconfig.json</c>, beside
/// the tests): memory per subscriber depends on them (docs/benchmarks.md, "Memory per subscriber").
/// </summary>
public sealed class GarbageCollectorSettingsTests
{
    [Fact]
    public void ServerGcRunsWithACappedGen0Budget()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Sfu.Server.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var properties = document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.GetProperty("System.GC.Server").GetBoolean());
        long budget = properties.GetProperty("System.GC.Gen0MaxBudget").GetInt64();
        Assert.InRange(budget, 256 * 1024, 4 * 1024 * 1024);
    }
}
