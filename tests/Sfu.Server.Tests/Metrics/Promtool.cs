using System.Diagnostics;

namespace Sfu.Server.Tests.Metrics;

/// <summary>Runs Debian's <c>promtool</c> (package <c>prometheus</c>, installed by scripts/ensure-deps.sh).</summary>
public static class Promtool
{
    /// <summary>The lint that .NET's own gauges named <c>*.count</c> trip; their names are kept as .NET and the OpenTelemetry exporter spell them.</summary>
    private const string CountSuffixLint = "non-histogram and non-summary metrics should not have \"_count\" suffix";

    public static string Path => Find("promtool");

    /// <summary>The path of a Debian prometheus-package binary; fails the test with the fix when it is missing.</summary>
    public static string Find(string binary)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/bin"))
        {
            var candidate = System.IO.Path.Combine(dir, binary);
            if (dir.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail($"{binary} is not installed. It comes with Debian's 'prometheus' package: run `bash scripts/ensure-deps.sh` " +
            "(scripts/test.sh does) or `apt-get install prometheus`.");
        return "";
    }

    /// <summary>
    /// <c>promtool check metrics</c> on a scrape: the problems it reports, except the <c>_count</c>-suffix lint on
    /// .NET runtime gauges (dotnet_*). Empty means clean. Parse errors and any other lint come back as problems.
    /// </summary>
    public static async Task<IReadOnlyList<string>> CheckMetricsAsync(string exposition)
    {
        var start = new ProcessStartInfo(Path, "check metrics")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        var lines = ((await stdout) + "\n" + (await stderr)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var problems = lines.Where(l => !(l.StartsWith("dotnet_", StringComparison.Ordinal) && l.EndsWith(CountSuffixLint, StringComparison.Ordinal))).ToList();
        // Exit 0: clean; 3: lint problems only (all listed); anything else: promtool could not parse the text.
        if (process.ExitCode != 0 && process.ExitCode != 3)
        {
            problems.Add($"promtool exited with {process.ExitCode}");
        }
        else if (process.ExitCode == 3 && lines.Length == 0)
        {
            problems.Add("promtool exited with 3 without naming a problem");
        }

        return problems;
    }
}
