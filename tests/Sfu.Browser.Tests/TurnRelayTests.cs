using Sfu.Browser.Tests.Infrastructure;

namespace Sfu.Browser.Tests;

/// <summary>
/// TURN for real: Debian's coturn on loopback with a shared secret, the server minting each participant's
/// credentials from it, and Chromium allowed only relayed candidates (<c>iceTransportPolicy: 'relay'</c>, the room
/// page's <c>?relay=1</c>). What a person behind a UDP-hostile network relies on.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TurnRelayTests
{
    private const string SelectedLocalCandidateTypes = @"async () => {
        const types = [];
        for (const pc of [window.sfu.publisherPc, window.sfu.subscriberPc]) {
            const stats = await pc.getStats();
            let pairId = null;
            stats.forEach(s => { if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId; });
            const pair = pairId && stats.get(pairId);
            const local = pair && stats.get(pair.localCandidateId);
            types.push(local ? local.candidateType : 'none');
        }
        return types;
    }";

    private readonly BrowserFixture _fixture;

    public TurnRelayTests(BrowserFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task TwoParticipantsAllowedOnlyRelayedCandidatesSeeAndHearEachOtherThroughCoturn()
    {
        using var turn = new CoturnServer();
        await using var server = new SfuServer(turn.SfuSettings());
        var room = "turn" + Guid.NewGuid().ToString("N")[..8];
        // Joined first, then published: the room page's publish-while-joining offer is made before the join names the
        // TURN servers, which a relay-only page can only recover from by an ICE restart (not what this test is about).
        var alice = await ServerView.OpenAsync(_fixture.Browser, server, $"/?room={room}&name=alice&autojoin=1&relay=1&simulcast=0&camera=0&mic=0");
        var bob = await ServerView.OpenAsync(_fixture.Browser, server, $"/?room={room}&name=bob&autojoin=1&relay=1&simulcast=0&camera=0&mic=0");
        try
        {
            foreach (var page in new[] { alice, bob })
            {
                await page.WaitForFunctionAsync("() => window.sfu && window.sfu.connectionState === 'connected'", null, new() { Timeout = 30_000 });
                await page.EvaluateAsync("() => window.sfu.publishUserMedia({ camera: true, microphone: true, simulcast: false })");
            }

            foreach (var (page, name) in new[] { (alice, "alice"), (bob, "bob") })
            {
                var figures = await InboundFigures.WaitUntilAsync(page, "window.sfu.subscriberPc",
                    f => f.VideoFramesDecoded > 30 && f.AudioPacketsReceived > 50, TimeSpan.FromSeconds(45));
                Assert.True(figures.VideoFramesDecoded > 30 && figures.AudioPacketsReceived > 50,
                    $"{name} decoded {figures.VideoFramesDecoded} frames and got {figures.AudioPacketsReceived} audio packets through the relay; coturn:\n{Tail(turn.Output)}");

                // Both of the page's connections run over a relayed candidate, and the server sees them come from coturn.
                // (The publisher's connection may still be restarting ICE: an offer made before the join brought the TURN
                // servers gathered nothing under a relay-only policy, and the client restarts it with them.)
                string[] types = [];
                for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(250))
                {
                    types = await page.EvaluateAsync<string[]>(SelectedLocalCandidateTypes);
                    if (!types.Contains("none"))
                    {
                        break;
                    }
                }

                Assert.Equal(new[] { "relay", "relay" }, types);
                int port = await ServerView.SubscriberPortAsync(server, room, name);
                Assert.InRange(port, turn.RelayPorts.First, turn.RelayPorts.Last);
            }
        }
        finally
        {
            await alice.Context.CloseAsync();
            await bob.Context.CloseAsync();
        }
    }

    private static string Tail(string log) => string.Join('\n', log.Split('\n').TakeLast(30));
}
