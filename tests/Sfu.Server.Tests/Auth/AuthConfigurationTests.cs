using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sfu.Server.Auth;
using Sfu.Server.Tests.Hubs;

namespace Sfu.Server.Tests.Auth;

/// <summary>Development mode, the production check, key rotation, the token CLI and TURN credentials.</summary>
public sealed class AuthConfigurationTests
{
    private const string ProductionSecret = "prod-secret-0123456789abcdef0123456789";
    private const string RotatedSecret = "rotated-secret-0123456789abcdef01234567";

    private static WebApplicationFactory<Program> Host(params (string Key, string? Value)[] settings)
        => new SfuTestHost().WithWebHostBuilder(b =>
        {
            foreach (var (k, v) in settings)
            {
                b.UseSetting(k, v);
            }
        });

    [Fact]
    public void ProductionConfigurationWithTheDevelopmentKeyRefusesToStart()
    {
        using var host = Host(("Sfu:Auth:Development", "false"), ("Sfu:Auth:ApiKeys:0:Key", "devkey"), ("Sfu:Auth:ApiKeys:0:Secret", DevelopmentKey.Secret));
        var e = Assert.ThrowsAny<Exception>(() => host.CreateClient());
        Assert.Contains("contains the public development key 'devkey' while Sfu:Auth:Development is false: production must bring its own keys", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ProductionConfigurationWithoutKeysRefusesToStart()
    {
        using var host = Host(("Sfu:Auth:Development", "false"));
        var e = Assert.ThrowsAny<Exception>(() => host.CreateClient());
        Assert.Contains("no Sfu:Auth:ApiKeys are configured", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AShortSecretRefusesToStart()
    {
        using var host = Host(("Sfu:Auth:ApiKeys:0:Key", "k1"), ("Sfu:Auth:ApiKeys:0:Secret", "short"));
        var e = Assert.ThrowsAny<Exception>(() => host.CreateClient());
        Assert.Contains("Sfu:Auth:ApiKeys:0:Secret (key 'k1') must have at least 32 characters", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProductionWithItsOwnKeysHasNoDevelopmentTokensAndRefusesTheDevelopmentKey()
    {
        await using var host = Host(
            ("Sfu:Auth:Development", "false"),
            ("Sfu:Auth:ApiKeys:0:Key", "prod-2"), ("Sfu:Auth:ApiKeys:0:Secret", RotatedSecret),
            ("Sfu:Auth:ApiKeys:1:Key", "prod-1"), ("Sfu:Auth:ApiKeys:1:Secret", ProductionSecret));
        var http = host.CreateClient();
        var dev = await http.PostAsJsonAsync("/api/dev/token", new { room = "a", name = "b" });
        Assert.Equal(HttpStatusCode.NotFound, dev.StatusCode);

        await using var withDevKey = await HubTestClient.ConnectAsync(host, TestJwt.Make(TestJwt.Claims("r1")));
        var refused = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => withDevKey.JoinAsync("r1", "x"));
        Assert.Contains("API key 'devkey', which this server does not know", refused.Message, StringComparison.Ordinal);

        // Both keys work during a rotation.
        await using var old = await HubTestClient.ConnectAsync(host, TestJwt.Make(TestJwt.Claims("r1", sub: "old"), ProductionSecret, "prod-1"));
        await using var current = await HubTestClient.ConnectAsync(host, TestJwt.Make(TestJwt.Claims("r1", sub: "new"), RotatedSecret, "prod-2"));
        Assert.NotEmpty((await old.JoinAsync("r1", "Old")).ParticipantId);
        Assert.NotEmpty((await current.JoinAsync("r1", "New")).ParticipantId);
    }

    [Fact]
    public async Task TheDevelopmentEndpointHandsOutAJoinTokenForTheRoomAndValidatesItsBody()
    {
        await using var host = new SfuTestHost();
        var http = host.CreateClient();
        var response = await http.PostAsJsonAsync("/api/dev/token", new { room = "lobby", name = "Ann" });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<DevTokenResponse>();
        var token = await host.Services.GetRequiredService<TokenService>().ValidateAsync(body!.Token);
        Assert.Equal("lobby", token.Room);
        Assert.Equal("Ann", token.Name);
        Assert.Equal(body.Identity, token.Identity);
        Assert.True(token.Grants is { CanPublish: true, CanSubscribe: true, RoomAdmin: false });
        Assert.Equal("devkey", token.Key);

        var bad = await http.PostAsJsonAsync("/api/dev/token", new { room = "no spaces please", name = "" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadAsStringAsync();
        Assert.Contains("\"room\"", problem, StringComparison.Ordinal);
        Assert.Contains("\"name\"", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTokenCommandPrintsATokenWithTheConfiguredKey()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sfu:Auth:Development"] = "false",
            ["Sfu:Auth:ApiKeys:0:Key"] = "prod-1",
            ["Sfu:Auth:ApiKeys:0:Secret"] = ProductionSecret,
        }).Build();
        var output = new StringWriter();
        var error = new StringWriter();
        var code = TokenCommand.Run(new[] { "--room", "R", "--identity", "I", "--name", "N", "--grants", "subscribe,admin", "--ttl", "2h" }, config, output, error);
        Assert.Equal(0, code);

        var options = new AuthOptions();
        config.GetSection("Sfu:Auth").Bind(options);
        var token = await new TokenService(Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System).ValidateAsync(output.ToString().Trim());
        Assert.Equal(("R", "I", "N", "prod-1"), (token.Room, token.Identity, token.Name, token.Key));
        Assert.True(token.Grants is { CanPublish: false, CanSubscribe: true, RoomAdmin: true });
        Assert.InRange(token.Expires - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(119), TimeSpan.FromMinutes(121));

        Assert.Equal(2, TokenCommand.Run(new[] { "--room", "R" }, config, new StringWriter(), error));
        Assert.Contains("--identity is required", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, TokenCommand.Run(new[] { "--room", "R", "--identity", "I", "--grants", "fly" }, config, new StringWriter(), error));
        Assert.Contains("unknown grant 'fly'", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, TokenCommand.Run(new[] { "--room", "R", "--identity", "I", "--key", "nope" }, config, new StringWriter(), error));
        Assert.Contains("No API key 'nope'", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JoinHandsOutTimeLimitedTurnCredentials()
    {
        const string secret = "coturn-static-auth-secret";
        await using var host = Host(("Sfu:Turn:Urls:0", "turn:turn.example.org:3478"), ("Sfu:Turn:Secret", secret), ("Sfu:Turn:TtlSeconds", "600"));
        await using var client = await HubTestClient.ConnectAsync(host, TestJwt.Make(TestJwt.Claims("turnroom", sub: "carol")));
        var response = await client.JoinAsync("turnroom", "Carol");
        var turn = Assert.Single(response.IceServers);
        Assert.Equal("turn:turn.example.org:3478", Assert.Single(turn.Urls));
        var parts = turn.Username!.Split(':');
        Assert.Equal("carol", parts[1]);
        var expires = DateTimeOffset.FromUnixTimeSeconds(long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(590), TimeSpan.FromSeconds(601));
        var expected = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(turn.Username)));
        Assert.Equal(expected, turn.Credential);
    }
}
