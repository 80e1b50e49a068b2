using Sfu.Server.Tests.Deploy;

namespace Sfu.Server.Tests.Client;

/// <summary>
/// The browser client's own unit tests (<c>src/Sfu.Server/Client/test</c>, Node's test runner with fake browser
/// objects): simulcast encodings, the Publish track info, adaptive subscription preferences. Node.js 20+ is already
/// needed to build the server.
/// </summary>
public sealed class ClientScriptTests
{
    [Fact]
    public async Task TheClientsNodeTestsPass()
    {
        using var node = ChildProcess.Start("node", ["--test", "--no-warnings=ExperimentalWarning", "test/"], RepositoryRoot.File("src", "Sfu.Server", "Client"));
        int exit = await node.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(exit == 0, "node --test failed:\n" + node.Output);
        Assert.Contains("# fail 0", node.Output, StringComparison.Ordinal);
        Assert.Matches(@"# pass [1-9]", node.Output);
    }
}
