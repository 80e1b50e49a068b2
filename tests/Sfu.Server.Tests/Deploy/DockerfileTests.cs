using System.Globalization;

namespace Sfu.Server.Tests.Deploy;

/// <summary>The Dockerfile's runtime stage agrees with itself and with the server's options.</summary>
public sealed class DockerfileTests
{
    private static readonly DockerfileText Dockerfile = DockerfileText.Load(RepositoryRoot.File("Dockerfile"));

    [Fact]
    public void BuildsOnTheSdkAndRunsOnTheAspNetRuntime()
    {
        var froms = Dockerfile.Instructions.Where(i => i.Instruction == "FROM").Select(i => i.Arguments).ToList();
        Assert.Equal(["mcr.microsoft.com/dotnet/sdk:10.0 AS build", "mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime"], froms);
        Assert.Contains(Dockerfile.RunCommands, c => c.Contains("apt-get install", StringComparison.Ordinal) && c.Contains("nodejs npm", StringComparison.Ordinal));
    }

    [Fact]
    public void RunsAsTheImagesNonRootUser()
    {
        var user = Dockerfile.Instructions.Last(i => i.Instruction == "USER").Arguments;
        Assert.Equal("$APP_UID", user);
    }

    [Fact]
    public void ExposesTheHttpPortAndOneUdpPortPerMediaWorker()
    {
        var env = Dockerfile.RuntimeEnvironment;
        Assert.Equal("http://0.0.0.0:8080", env["Urls"]);
        int first = int.Parse(env["Sfu__Media__Port"], CultureInfo.InvariantCulture);
        int workers = int.Parse(env["Sfu__Media__Workers"], CultureInfo.InvariantCulture);
        Assert.True(workers > 0, "a fixed worker count, so the exposed ports do not depend on the host's cores");
        var exposed = Dockerfile.Instructions.Where(i => i.Instruction == "EXPOSE").Select(i => i.Arguments).ToList();
        Assert.Contains("8080/tcp", exposed);
        Assert.Contains($"{first}-{first + workers - 1}/udp", exposed);
    }

    [Fact]
    public void HasAHealthCheckThatNeedsNoExtraTools()
    {
        var probe = Dockerfile.ExecForm("HEALTHCHECK");
        Assert.Equal(["bash", "-c"], probe.Take(2));
        Assert.Contains("/dev/tcp/127.0.0.1/8080", probe[2], StringComparison.Ordinal);
        Assert.Contains("GET /readyz", probe[2], StringComparison.Ordinal);
        Assert.DoesNotContain("curl", probe[2], StringComparison.Ordinal);
    }

    [Fact]
    public void TheDockerIgnoreKeepsSourcesAndDropsBuildOutput()
    {
        var ignore = DockerIgnore.Load(RepositoryRoot.File(".dockerignore"));
        Assert.False(ignore.IsExcluded("src/Sfu.Server/Program.cs"));
        Assert.False(ignore.IsExcluded("Directory.Packages.props"));
        Assert.False(ignore.IsExcluded("appsettings.json"));
        Assert.True(ignore.IsExcluded("src/Sfu.Server/bin/Release/net10.0/Sfu.Server.dll"));
        Assert.True(ignore.IsExcluded("src/Sfu.Core/obj/project.assets.json"));
        Assert.True(ignore.IsExcluded("src/Sfu.Server/node_modules/esbuild/package.json"));
        Assert.True(ignore.IsExcluded("tests/Sfu.Server.Tests/SfuTestHost.cs"));
        Assert.True(ignore.IsExcluded(".git"));
    }

    [Fact]
    public void DockerIgnorePatternsFollowDockersRules()
    {
        var ignore = new DockerIgnore(["**/bin/", "*.md", "!README.md", "docs/?.png", "# comment"]);
        Assert.True(ignore.IsExcluded("bin/x"));
        Assert.True(ignore.IsExcluded("a/b/bin/c.dll"));
        Assert.False(ignore.IsExcluded("a/binary/c.dll"));
        Assert.True(ignore.IsExcluded("NOTES.md"));
        Assert.False(ignore.IsExcluded("README.md"));
        Assert.False(ignore.IsExcluded("docs/NOTES.md")); // * does not cross folders
        Assert.True(ignore.IsExcluded("docs/a.png"));
        Assert.False(ignore.IsExcluded("docs/ab.png"));
    }
}
