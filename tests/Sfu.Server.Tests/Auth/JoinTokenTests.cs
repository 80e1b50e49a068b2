using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Sfu.Server.Tests.Hubs;
using Sfu.Signaling.Contracts;

namespace Sfu.Server.Tests.Auth;

/// <summary>Join tokens through the real hub: what is refused, why, and grants on every call.</summary>
public sealed class JoinTokenTests : IClassFixture<SfuTestHost>
{
    private readonly SfuTestHost _host;

    public JoinTokenTests(SfuTestHost host) => _host = host;

    private static string Room() => "t" + Guid.NewGuid().ToString("N")[..10];

    private async Task<string> RefusalAsync(string token, string room)
    {
        await using var client = await HubTestClient.ConnectAsync(_host, token);
        var e = await Assert.ThrowsAsync<HubException>(() => client.JoinAsync(room, "Mallory"));
        return e.Message;
    }

    [Fact]
    public async Task AValidTokenJoinsWithItsIdentityAndName()
    {
        var room = Room();
        await using var client = await HubTestClient.ConnectAsync(_host, TestJwt.Make(TestJwt.Claims(room, sub: "alice-1")));
        await using var other = await HubTestClient.ConnectAsync(_host);
        await other.JoinAsync(room, "Other");
        await client.JoinAsync(room, "ignored: the token names me");
        var joined = (ParticipantInfo)(await other.WaitForAsync("ParticipantJoined"))[0]!;
        Assert.Equal("Name of alice-1", joined.Name);
    }

    [Fact]
    public async Task NoTokenIsRefused()
        => Assert.Contains("no access token", await RefusalAsync("", Room()), StringComparison.Ordinal);

    [Fact]
    public async Task ATokenInTheJoinRequestJoinsAConnectionOpenedWithout()
    {
        // The JS client fetches its token while the connection opens and sends it with Join.
        var room = Room();
        await using var client = await HubTestClient.ConnectAsync(_host, "");
        await using var other = await HubTestClient.ConnectAsync(_host);
        await other.JoinAsync(room, "Other");
        await client.Connection.InvokeAsync<JoinResponse>("Join", new JoinRequest(room, "ignored", Token: TestJwt.Make(TestJwt.Claims(room, sub: "bea-2"))));
        var joined = (ParticipantInfo)(await other.WaitForAsync("ParticipantJoined"))[0]!;
        Assert.Equal("Name of bea-2", joined.Name);
    }

    [Fact]
    public async Task ATokenInTheJoinRequestIsCheckedBeforeTheAccessToken()
    {
        // A valid access token does not let an invalid token in the request through.
        var room = Room();
        await using var client = await HubTestClient.ConnectAsync(_host, TestJwt.Make(TestJwt.Claims(room)));
        var expired = TestJwt.Make(TestJwt.Claims(room, expiresIn: TimeSpan.FromMinutes(-5)));
        var e = await Assert.ThrowsAsync<HubException>(() => client.Connection.InvokeAsync<JoinResponse>("Join", new JoinRequest(room, "Mallory", Token: expired)));
        Assert.Contains("Join refused: the token expired at", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutCanPublishAJoinWithAPublisherOfferJoinsAndSaysWhyNothingWasPublished()
    {
        var room = Room();
        await using var viewer = await HubTestClient.ConnectAsync(_host, TestJwt.Make(TestJwt.Claims(room, publish: false)));
        var response = await viewer.Connection.InvokeAsync<JoinResponse>(
            "Join", new JoinRequest(room, "Viewer", Publish: new PublishRequest(BrowserOffers.SendRecv, [new("0", "audio", TrackSources.Microphone)])));
        Assert.NotNull(response.ParticipantId);
        Assert.Null(response.Publish);
        Assert.Contains("lacks the canPublish grant", response.PublishError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExpiredTokenIsRefused()
    {
        var room = Room();
        var message = await RefusalAsync(TestJwt.Make(TestJwt.Claims(room, expiresIn: TimeSpan.FromMinutes(-5))), room);
        Assert.Contains("Join refused: the token expired at", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATokenNotYetValidIsRefused()
    {
        var room = Room();
        var message = await RefusalAsync(TestJwt.Make(TestJwt.Claims(room, notBeforeIn: TimeSpan.FromMinutes(10))), room);
        Assert.Contains("not valid before", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATokenOfAnUnknownKeyIsRefused()
    {
        var room = Room();
        var message = await RefusalAsync(TestJwt.Make(TestJwt.Claims(room), secret: "another-secret-another-secret-0123456789", kid: "otherkey"), room);
        Assert.Contains("API key 'otherkey', which this server does not know (wrong key)", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AForgedSignatureIsRefused()
    {
        var room = Room();
        var forged = TestJwt.Make(TestJwt.Claims(room), secret: "not-the-dev-secret-not-the-dev-secret-00");
        Assert.Contains("signature does not verify", await RefusalAsync(forged, room), StringComparison.Ordinal);

        // A valid token whose payload was changed (another room) no longer verifies either.
        var valid = TestJwt.Make(TestJwt.Claims("elsewhere")).Split('.');
        var tampered = TestJwt.Make(TestJwt.Claims(room)).Split('.')[1];
        Assert.Contains("signature does not verify", await RefusalAsync(valid[0] + "." + tampered + "." + valid[2], room), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("HS512")]
    public async Task OnlyHs256IsAccepted(string alg)
    {
        var room = Room();
        Assert.Contains("must be signed with HS256", await RefusalAsync(TestJwt.Make(TestJwt.Claims(room), alg: alg), room), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GarbageIsNotAToken()
        => Assert.Contains("not a JWT", await RefusalAsync("hello", Room()), StringComparison.Ordinal);

    [Fact]
    public async Task ATokenForAnotherRoomIsRefused()
    {
        var message = await RefusalAsync(TestJwt.Make(TestJwt.Claims("room-a")), "room-b");
        Assert.Contains("the token is for room 'room-a', not 'room-b' (wrong room)", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATokenWithoutPublishOrSubscribeIsRefused()
    {
        var room = Room();
        var message = await RefusalAsync(TestJwt.Make(TestJwt.Claims(room, publish: false, subscribe: false)), room);
        Assert.Contains("neither canPublish nor canSubscribe (missing grant)", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutCanPublishPublishAndMuteAreRefused()
    {
        var room = Room();
        await using var viewer = await HubTestClient.ConnectAsync(_host, TestJwt.Make(TestJwt.Claims(room, publish: false)));
        await viewer.JoinAsync(room, "Viewer");
        var publish = await Assert.ThrowsAsync<HubException>(() => viewer.PublishAsync(BrowserOffers.SendRecv, new PublishTrack("0", "audio", TrackSources.Microphone)));
        Assert.Contains("Not allowed to publish: the join token lacks the canPublish grant.", publish.Message, StringComparison.Ordinal);
        var mute = await Assert.ThrowsAsync<HubException>(() => viewer.Connection.InvokeAsync("SetTrackMuted", new MuteRequest("TR_x", true)));
        Assert.Contains("canPublish", mute.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutCanSubscribeNoSubscriberOffersArrive()
    {
        var room = Room();
        await using var publisher = await HubTestClient.ConnectAsync(_host);
        await using var blind = await HubTestClient.ConnectAsync(_host, TestJwt.Make(TestJwt.Claims(room, subscribe: false)));
        await using var watcher = await HubTestClient.ConnectAsync(_host);
        await blind.JoinAsync(room, "Blind");
        await watcher.JoinAsync(room, "Watcher");
        await publisher.JoinAsync(room, "Publisher");
        await publisher.PublishAsync(
            BrowserOffers.SendRecv,
            new("0", "audio", TrackSources.Microphone),
            new("1", "video", TrackSources.Camera));

        // The watcher is offered both tracks; the participant without canSubscribe hears of them but gets no offer.
        await watcher.WaitForAsync("SubscriberOffer", a => ((SubscriberOffer)a[0]!).Tracks.Count == 2);
        await blind.WaitForAsync("TrackPublished");
        Assert.False(blind.Received("SubscriberOffer"));
        var preference = await Assert.ThrowsAsync<HubException>(() => blind.Connection.InvokeAsync("SetSubscriptionPreference", new SubscriptionPreference("TR_x")));
        Assert.Contains("lacks the canSubscribe grant", preference.Message, StringComparison.Ordinal);
    }
}
