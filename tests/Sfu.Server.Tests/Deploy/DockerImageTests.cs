using System.Globalization;
using System.Net;
using Sfu.Server.Tests.Metrics;

namespace Sfu.Server.Tests.Deploy;

/// <summary>
/// No container engine runs on the build machines, so the image is not built here. Instead this runs what the
/// Dockerfile runs: the exact <c>dotnet publish</c> of its build stage, on the build context its .dockerignore
/// leaves, then the runtime stage's ENTRYPOINT with its ENV, and its HEALTHCHECK probe against that server.
/// </summary>
public sealed class DockerImageTests
{
    private static readonly TimeSpan PublishLimit = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TheDockerfilesPublishStartsAndPassesItsHealthCheck()
    {
        var dockerfile = DockerfileText.Load(RepositoryRoot.File("Dockerfile"));
        var publish = Assert.Single(dockerfile.RunCommands, c => c.StartsWith("dotnet publish ", StringComparison.Ordinal));
        var words = DockerfileText.Words(publish).ToList();
        int output = words.IndexOf("-o");
        Assert.True(output > 0 && output + 1 < words.Count, "the publish names its output folder with -o: " + publish);
        Assert.Contains(dockerfile.Instructions, i => i.Instruction == "COPY" && i.Arguments == $"--from=build {words[output + 1]} .");

        var work = Directory.CreateTempSubdirectory("sfu-docker-");
        try
        {
            var context = Path.Combine(work.FullName, "src");
            var app = Path.Combine(work.FullName, "app");
            int files = DockerIgnore.Load(RepositoryRoot.File(".dockerignore")).CopyContext(RepositoryRoot.Path, context);
            Assert.True(files > 10, $"the build context has {files} files");
            words[output + 1] = app;

            using (var build = ChildProcess.Start(words[0], words.Skip(1), context, BuildEnvironment))
            {
                int exit = await build.WaitAsync(PublishLimit);
                Assert.True(exit == 0, $"`{publish}` failed ({exit}):\n{Tail(build.Output)}");
            }

            var entrypoint = dockerfile.ExecForm("ENTRYPOINT");
            Assert.True(File.Exists(Path.Combine(app, entrypoint[^1])), $"{entrypoint[^1]} is not in the published folder");

            int port = FreePort.Next();
            var environment = dockerfile.RuntimeEnvironment.ToDictionary(e => e.Key, e => (string?)e.Value);
            Assert.Equal("http://0.0.0.0:8080", environment["Urls"]);
            environment["Urls"] = $"http://127.0.0.1:{port}";
            environment["Sfu__Media__Port"] = "0";
            environment["Sfu__Media__Workers"] = "1";
            environment["Sfu__Media__ListenAddress"] = "127.0.0.1";
            var healthProbe = dockerfile.ExecForm("HEALTHCHECK");

            using (var server = ChildProcess.Start(entrypoint[0], entrypoint.Skip(1), app, environment))
            {
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
                var health = await GetUntilAnsweredAsync(http, "/healthz", server);
                Assert.Equal(HttpStatusCode.OK, health);
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
                var scrape = PrometheusTextParser.Parse(await http.GetStringAsync("/metrics"));
                Assert.True(scrape.Families.ContainsKey("sfu_media_dropped_total"));

                Assert.Equal(0, await RunProbeAsync(healthProbe, port));
            }

            Assert.NotEqual(0, await RunProbeAsync(healthProbe, port)); // the server is gone: the probe must say so
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>No build servers that outlive the publish (they would hold its output pipes open).</summary>
    private static Dictionary<string, string?> BuildEnvironment => new()
    {
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        ["UseSharedCompilation"] = "false",
        ["UseRazorBuildServer"] = "false",
    };

    /// <summary>The HEALTHCHECK command with the image's port 8080 replaced by the test server's.</summary>
    private static async Task<int> RunProbeAsync(IReadOnlyList<string> probe, int port)
    {
        Assert.Equal("bash", probe[0]);
        var args = probe.Skip(1).ToList();
        Assert.Contains("/dev/tcp/127.0.0.1/8080", args[^1], StringComparison.Ordinal);
        args[^1] = args[^1].Replace("/8080", "/" + port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        using var check = ChildProcess.Start("bash", args);
        return await check.WaitAsync(TimeSpan.FromMinutes(1));
    }

    private static async Task<HttpStatusCode> GetUntilAnsweredAsync(HttpClient http, string path, ChildProcess server)
    {
        var deadline = DateTime.UtcNow + StartPatience;
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(server.HasExited, "the published server exited:\n" + Tail(server.Output));
            try
            {
                return (await http.GetAsync(path)).StatusCode;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200);
            }
        }

        Assert.Fail($"the published server did not answer {path} within {StartPatience}:\n{Tail(server.Output)}");
        return default;
    }

    private static string Tail(string output) => output.Length <= 6000 ? output : "...\n" + output[^6000..];
}
