using System.Net;
using Sfu.Server.Tests.Auth;
using Sfu.Server.Tests.Deploy;
using Sfu.Server.Tests.Hubs;
using Sfu.Signaling.Lifecycle;

namespace Sfu.Server.Tests.Lifecycle;

/// <summary>
/// A real SIGTERM to the server as its own process: it drains before stopping (calls go on, new rooms are refused,
/// /readyz is 503, it exits once the last participant left), and participants still there at the drain timeout are
/// told why and where to go before their connections close.
/// </summary>
public sealed class SigtermDrainTests
{
    [Fact]
    public async Task SigtermTellsAParticipantToMoveAndWhyBeforeTheServerExits()
    {
        using var server = StartServer(drainTimeoutSeconds: 0, out var address);
        await WaitReadyAsync(server, address);
        await using var alice = await RawHubConnection.ConnectAsync(address, Token("alice"));
        await alice.InvokeAsync("Join", new { room = "sigterm-now", name = "Alice" });

        await SignalAsync(server, "TERM");

        Assert.Equal(0, await server.WaitAsync(TimeSpan.FromSeconds(60)));
        var move = Assert.Single(alice.Calls("Moving"))[0];
        Assert.Equal(NodeDrainer.MoveReason, move.GetProperty("reason").GetString());
        Assert.Equal(NodeDrainer.DisconnectReason, Assert.Single(alice.Calls("Disconnected"))[0].GetString());
        Assert.Contains("Draining (sigterm)", server.Output, StringComparison.Ordinal);
        Assert.Contains("Drain moved 1 participants of 1 rooms", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AfterSigtermCallsGoOnNewRoomsAreRefusedAndTheServerExitsWhenTheLastParticipantLeaves()
    {
        using var server = StartServer(drainTimeoutSeconds: 600, out var address);
        await WaitReadyAsync(server, address);
        await using var alice = await RawHubConnection.ConnectAsync(address, Token("alice"));
        await alice.InvokeAsync("Join", new { room = "sigterm-wait", name = "Alice" });

        await SignalAsync(server, "TERM");

        using var http = new HttpClient { BaseAddress = address };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while ((await http.GetAsync("/readyz")).StatusCode != HttpStatusCode.ServiceUnavailable)
        {
            Assert.True(DateTime.UtcNow < deadline, "/readyz did not turn 503 after SIGTERM:\n" + server.Output);
            await Task.Delay(50);
        }

        await using var bob = await RawHubConnection.ConnectAsync(address, Token("bob"));
        var refused = await Assert.ThrowsAsync<RawHubException>(() => bob.InvokeAsync("Join", new { room = "elsewhere", name = "Bob" }));
        Assert.Contains("draining", refused.Message, StringComparison.Ordinal);
        await bob.InvokeAsync("Join", new { room = "sigterm-wait", name = "Bob" });
        Assert.False(server.HasExited);

        await alice.InvokeAsync("Leave");
        await bob.InvokeAsync("Leave");

        // Far below the drain timeout: the server stops because nobody is left.
        Assert.Equal(0, await server.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Empty(alice.Calls("Moving"));
        Assert.Contains("(no call left)", server.Output, StringComparison.Ordinal);
    }

    private static string Token(string identity) => TestJwt.Make(TestJwt.Claims("*", sub: identity));

    private static ChildProcess StartServer(int drainTimeoutSeconds, out Uri address)
    {
        int port = FreePort.Next();
        address = new Uri($"http://127.0.0.1:{port}");
        return ChildProcess.Start("dotnet", [
            Path.Combine(AppContext.BaseDirectory, "Sfu.Server.dll"),
            $"--Urls={address}",
            "--Sfu:Media:Port=0",
            "--Sfu:Media:Workers=1",
            "--Sfu:Media:ListenAddress=127.0.0.1",
            $"--Sfu:Cluster:DrainTimeoutSeconds={drainTimeoutSeconds}",
            "--Sfu:Cluster:MoveFlushSeconds=3",
        ], AppContext.BaseDirectory);
    }

    private static async Task WaitReadyAsync(ChildProcess server, Uri address)
    {
        using var http = new HttpClient { BaseAddress = address };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            Assert.False(server.HasExited, "The server exited:\n" + server.Output);
            try
            {
                if ((await http.GetAsync("/readyz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, "The server did not get ready:\n" + server.Output);
            await Task.Delay(100);
        }
    }

    private static async Task SignalAsync(ChildProcess server, string signal)
    {
        using var kill = ChildProcess.Start("kill", ["-" + signal, server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.Equal(0, await kill.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
