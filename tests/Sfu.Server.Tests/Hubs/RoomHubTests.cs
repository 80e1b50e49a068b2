using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Sfu.Core.Sdp;
using Sfu.Signaling.Contracts;

namespace Sfu.Server.Tests.Hubs;

/// <summary>The room hub through the real host and the SignalR .NET client.</summary>
public sealed class RoomHubTests : IClassFixture<SfuTestHost>
{
    private readonly SfuTestHost _host;

    public RoomHubTests(SfuTestHost host) => _host = host;

    private static string Room() => "r" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task JoiningTellsTheOthersAndListsThem()
    {
        var room = Room();
        await using var alice = await HubTestClient.ConnectAsync(_host);
        await using var bob = await HubTestClient.ConnectAsync(_host);
        var a = await alice.JoinAsync(room, "Alice");
        Assert.StartsWith("PA_", a.ParticipantId, StringComparison.Ordinal);
        Assert.Empty(a.Participants);
        Assert.Equal(room, a.Room);

        var b = await bob.JoinAsync(room, "Bob");
        var other = Assert.Single(b.Participants);
        Assert.Equal(a.ParticipantId, other.ParticipantId);
        Assert.Equal("Alice", other.Name);

        var joined = (ParticipantInfo)(await alice.WaitForAsync("ParticipantJoined"))[0]!;
        Assert.Equal(b.ParticipantId, joined.ParticipantId);
        Assert.Equal("Bob", joined.Name);

        await bob.Connection.InvokeAsync("Leave");
        var left = await alice.WaitForAsync("ParticipantLeft");
        Assert.Equal(b.ParticipantId, left[0]);
    }

    [Theory]
    [InlineData("has space", "Bob", "room must be")]
    [InlineData("", "Bob", "room must be")]
    [InlineData("ok", "", "name must be")]
    public async Task BadJoinArgumentsFailWithAClearMessageForThatCallerOnly(string room, string name, string message)
    {
        await using var client = await HubTestClient.ConnectAsync(_host);
        var e = await Assert.ThrowsAsync<HubException>(() => client.JoinAsync(room, name));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);

        // The same connection still works.
        var ok = await client.JoinAsync(Room(), "Carol");
        Assert.NotEmpty(ok.ParticipantId);
    }

    [Fact]
    public async Task CallsBeforeJoinAndGarbageSdpAreRefused()
    {
        await using var client = await HubTestClient.ConnectAsync(_host);
        var notJoined = await Assert.ThrowsAsync<HubException>(() => client.PublishAsync("v=0"));
        Assert.Contains("Join a room first", notJoined.Message, StringComparison.Ordinal);

        await client.JoinAsync(Room(), "Dave");
        var garbage = await Assert.ThrowsAsync<HubException>(() => client.PublishAsync("hello"));
        Assert.Contains("not valid SDP", garbage.Message, StringComparison.Ordinal);

        var badKind = await Assert.ThrowsAsync<HubException>(() => client.PublishAsync(BrowserOffers.SendRecv, new PublishTrack("1", "smell", "camera")));
        Assert.Contains("kind must be", badKind.Message, StringComparison.Ordinal);

        var notMine = await Assert.ThrowsAsync<HubException>(() => client.Connection.InvokeAsync("SetTrackMuted", new MuteRequest("TR_nothing", true)));
        Assert.Contains("no track", notMine.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APublisherOfferSentWithJoinIsAnsweredInTheJoinResponse()
    {
        var room = Room();
        await using var alice = await HubTestClient.ConnectAsync(_host);
        await using var bob = await HubTestClient.ConnectAsync(_host);
        await bob.JoinAsync(room, "Bob");

        var joined = await alice.Connection.InvokeAsync<JoinResponse>("Join", new JoinRequest(
            room,
            "Alice",
            Publish: new PublishRequest(BrowserOffers.SendRecv, [new("0", "audio", TrackSources.Microphone), new("1", "video", TrackSources.Camera)])));
        Assert.Null(joined.PublishError);
        Assert.NotNull(joined.Publish);
        Assert.True(SdpParser.TryParse(joined.Publish!.Sdp, out var answer, out _));
        Assert.All(answer!.Media, m => Assert.Equal(MediaDirection.RecvOnly, m.Direction));
        Assert.Equal(2, joined.Publish.TrackIds.Count);

        // Bob hears of Alice, then of her tracks, and is offered them.
        var video = await bob.WaitForAsync("TrackPublished", args => ((TrackInfo)args[1]!).Kind == "video");
        Assert.Equal(joined.ParticipantId, video[0]);
        Assert.Equal(joined.Publish.TrackIds["1"], ((TrackInfo)video[1]!).TrackId);
        await bob.WaitForAsync("SubscriberOffer", args => ((SubscriberOffer)args[0]!).Tracks.Count == 2);

        // A bad offer with Join fails the Join as a bad Publish would fail Publish.
        await using var carol = await HubTestClient.ConnectAsync(_host);
        var bad = await Assert.ThrowsAsync<HubException>(() => carol.Connection.InvokeAsync<JoinResponse>(
            "Join", new JoinRequest(room, "Carol", Publish: new PublishRequest(BrowserOffers.SendRecv, [new("1", "smell", "camera")]))));
        Assert.Contains("kind must be 'audio' or 'video'", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishingAnswersAndOffersTheTracksToTheOthers()
    {
        var room = Room();
        await using var alice = await HubTestClient.ConnectAsync(_host);
        await using var bob = await HubTestClient.ConnectAsync(_host);
        var a = await alice.JoinAsync(room, "Alice");
        await bob.JoinAsync(room, "Bob");

        var published = await alice.PublishAsync(
            BrowserOffers.SendRecv,
            new("0", "audio", TrackSources.Microphone),
            new("1", "video", TrackSources.Camera, "cam", 640, 480));
        Assert.True(SdpParser.TryParse(published.Sdp, out var answer, out _));
        Assert.All(answer!.Media, m => Assert.Equal(MediaDirection.RecvOnly, m.Direction));
        Assert.Equal(2, published.TrackIds.Count);

        var trackPublished = await bob.WaitForAsync("TrackPublished", args => ((TrackInfo)args[1]!).Kind == "video");
        Assert.Equal(a.ParticipantId, trackPublished[0]);
        Assert.Equal(published.TrackIds["1"], ((TrackInfo)trackPublished[1]!).TrackId);
        Assert.Equal(640, ((TrackInfo)trackPublished[1]!).Width);

        var offer = (SubscriberOffer)(await bob.WaitForAsync("SubscriberOffer", args => ((SubscriberOffer)args[0]!).Tracks.Count == 2))[0]!;
        Assert.True(SdpParser.TryParse(offer.Sdp, out var subscriberOffer, out var error), error);
        Assert.True(subscriberOffer!.IceLite);
        Assert.All(subscriberOffer.Media, m => Assert.Equal(MediaDirection.SendOnly, m.Direction));
        Assert.Contains(subscriberOffer.Media, m => m.Kind == "video" && m.FindRtpMap(96)?.EncodingName == "VP8");
        Assert.All(offer.Tracks, t => Assert.Equal(a.ParticipantId, t.ParticipantId));

        // Bob answers as a browser would; the server accepts it, and an answer to an old version is ignored.
        var bobAnswer = SdpNegotiator.CreateAnswer(subscriberOffer, new AnswerOptions
        {
            IceUfrag = "bobu",
            IcePwd = "bobpasswordbobpassword00",
            IceLite = false,
            Fingerprint = new SdpFingerprint("sha-256", string.Join(":", Enumerable.Repeat("AB", 32))),
            Setup = DtlsSetup.Active,
        });
        await bob.Connection.InvokeAsync("SubscriberAnswer", new SubscriberAnswerRequest(offer.Version, SdpWriter.Write(bobAnswer.Answer)));
        await bob.Connection.InvokeAsync("SubscriberAnswer", new SubscriberAnswerRequest(offer.Version - 1, "v=0"));
        var future = await Assert.ThrowsAsync<HubException>(() => bob.Connection.InvokeAsync("SubscriberAnswer", new SubscriberAnswerRequest(offer.Version + 5, SdpWriter.Write(bobAnswer.Answer))));
        Assert.Contains("answer the latest", future.Message, StringComparison.Ordinal);

        // Alice mutes and then unpublishes her video: Bob hears of both and gets an offer without it.
        await alice.Connection.InvokeAsync("SetTrackMuted", new MuteRequest(published.TrackIds["1"], true));
        var muted = await bob.WaitForAsync("TrackMuted");
        Assert.Equal(true, muted[2]);

        var audioOnly = BrowserOffers.SendRecv.Replace("m=video 9", "m=video 0", StringComparison.Ordinal);
        await alice.PublishAsync(audioOnly, new PublishTrack("0", "audio", TrackSources.Microphone));
        var unpublished = await bob.WaitForAsync("TrackUnpublished");
        Assert.Equal(published.TrackIds["1"], unpublished[1]);
        var next = (SubscriberOffer)(await bob.WaitForAsync("SubscriberOffer", args => ((SubscriberOffer)args[0]!).Version > offer.Version))[0]!;
        Assert.Single(next.Tracks);
    }

    [Fact]
    public async Task ASubscriberWithoutACommonCodecIsToldTheTrackIsUnavailable()
    {
        var room = Room();
        await using var alice = await HubTestClient.ConnectAsync(_host);
        await using var bob = await HubTestClient.ConnectAsync(_host);
        await alice.JoinAsync(room, "Alice");
        await bob.JoinAsync(room, "Bob");
        var published = await alice.PublishAsync(
            BrowserOffers.SendRecv,
            new("0", "audio", TrackSources.Microphone),
            new("1", "video", TrackSources.Camera));

        var offer = (SubscriberOffer)(await bob.WaitForAsync("SubscriberOffer", args => ((SubscriberOffer)args[0]!).Tracks.Count == 2))[0]!;
        Assert.True(SdpParser.TryParse(offer.Sdp, out var subscriberOffer, out _));

        // Bob can decode audio only: his answer rejects the video m-section.
        var audioOnly = MediaCapabilities.Default;
        audioOnly.Codecs.RemoveAll(c => c.Kind == MediaKinds.Video);
        var bobAnswer = SdpNegotiator.CreateAnswer(subscriberOffer!, new AnswerOptions
        {
            MediaCapabilities = audioOnly,
            IceUfrag = "bobu",
            IcePwd = "bobpasswordbobpassword00",
            IceLite = false,
            Fingerprint = new SdpFingerprint("sha-256", string.Join(":", Enumerable.Repeat("CD", 32))),
            Setup = DtlsSetup.Active,
        });
        await bob.Connection.InvokeAsync("SubscriberAnswer", new SubscriberAnswerRequest(offer.Version, SdpWriter.Write(bobAnswer.Answer)));
        var unavailable = await bob.WaitForAsync("TrackUnavailable");
        Assert.Equal(published.TrackIds["1"], unavailable[0]);
        Assert.False(bob.Received("TrackUnavailable", args => (string?)args[0] == published.TrackIds["0"]));
    }

    [Fact]
    public async Task PublishingMoreTracksThanAllowedIsRefusedAndFewerWork()
    {
        using var host = _host.WithWebHostBuilder(b => b.UseSetting("Sfu:Rooms:MaxTracksPerParticipant", "1"));
        await using var alice = await HubTestClient.ConnectAsync(host);
        await alice.JoinAsync(Room(), "Alice");
        var tooMany = await Assert.ThrowsAsync<HubException>(() => alice.PublishAsync(BrowserOffers.SendRecv));
        Assert.Contains("At most 1 tracks", tooMany.Message, StringComparison.Ordinal);

        var audioOnly = BrowserOffers.SendRecv.Replace("m=video 9", "m=video 0", StringComparison.Ordinal);
        var published = await alice.PublishAsync(audioOnly);
        Assert.Single(published.TrackIds);
    }

    [Fact]
    public async Task ADroppedConnectionResumesWithinTheGracePeriodUnseenByOthers()
    {
        using var host = _host.WithWebHostBuilder(b => b.UseSetting("Sfu:Rooms:ReconnectGraceSeconds", "3"));
        var room = Room();
        var alice = await HubTestClient.ConnectAsync(host);
        await using var bob = await HubTestClient.ConnectAsync(host);
        var a = await alice.JoinAsync(room, "Alice");
        await bob.JoinAsync(room, "Bob");

        alice.Sockets.Single().Cut();
        await Task.Delay(1000);
        await using var again = await HubTestClient.ConnectAsync(host);
        var resumed = await again.Connection.InvokeAsync<JoinResponse>("Resume", new ResumeRequest(a.ParticipantId, a.ResumeToken));
        Assert.Equal(a.ParticipantId, resumed.ParticipantId);
        Assert.Single(resumed.Participants);

        await Task.Delay(3000); // past the grace period
        Assert.False(bob.Received("ParticipantLeft"), "Bob saw Alice leave although she resumed in time");

        var wrongToken = await Assert.ThrowsAsync<HubException>(() => bob.Connection.InvokeAsync<JoinResponse>("Resume", new ResumeRequest(a.ParticipantId, "RT_wrong")));
        Assert.Contains("already attached", wrongToken.Message, StringComparison.Ordinal);
        await alice.DisposeAsync();
    }

    [Fact]
    public async Task AfterTheGracePeriodTheParticipantIsGone()
    {
        using var host = _host.WithWebHostBuilder(b => b.UseSetting("Sfu:Rooms:ReconnectGraceSeconds", "1"));
        var room = Room();
        var alice = await HubTestClient.ConnectAsync(host);
        await using var bob = await HubTestClient.ConnectAsync(host);
        var a = await alice.JoinAsync(room, "Alice");
        await bob.JoinAsync(room, "Bob");

        alice.Sockets.Single().Cut();
        var left = await bob.WaitForAsync("ParticipantLeft", timeout: TimeSpan.FromSeconds(6));
        Assert.Equal(a.ParticipantId, left[0]);

        await using var late = await HubTestClient.ConnectAsync(host);
        var e = await Assert.ThrowsAsync<HubException>(() => late.Connection.InvokeAsync<JoinResponse>("Resume", new ResumeRequest(a.ParticipantId, a.ResumeToken)));
        Assert.Contains("join again", e.Message, StringComparison.Ordinal);
        await alice.DisposeAsync();
    }

    [Theory]
    [InlineData(3, null, null, "maxSpatialLayer must be 0 (the lowest layer) to 2 (the highest), not 3.")]
    [InlineData(-1, null, null, "maxSpatialLayer must be 0 (the lowest layer) to 2 (the highest), not -1.")]
    [InlineData(null, 0, null, "maxWidth must be 1-16384 pixels (leave it out for no limit), not 0.")]
    [InlineData(null, 16385, null, "maxWidth must be 1-16384 pixels (leave it out for no limit), not 16385.")]
    [InlineData(null, 640, -5, "maxHeight must be 1-16384 pixels (leave it out for no limit), not -5.")]
    public async Task BadSubscriptionPreferencesFailWithAClearMessage(int? layer, int? width, int? height, string message)
    {
        var room = Room();
        await using var alice = await HubTestClient.ConnectAsync(_host);
        await using var bob = await HubTestClient.ConnectAsync(_host);
        await alice.JoinAsync(room, "Alice");
        await bob.JoinAsync(room, "Bob");
        var published = await alice.PublishAsync(
            BrowserOffers.Simulcast,
            new("0", "audio", TrackSources.Microphone),
            new("1", "video", TrackSources.Camera, null, 1280, 720));
        await bob.AnswerOfferAsync(o => o.Tracks.Count == 2);

        var e = await Assert.ThrowsAsync<HubException>(() => bob.Connection.InvokeAsync(
            "SetSubscriptionPreference", new SubscriptionPreference(published.TrackIds["1"], MaxWidth: width, MaxHeight: height, MaxSpatialLayer: layer)));
        Assert.EndsWith("HubException: " + message, e.Message, StringComparison.Ordinal);

        // Nothing was applied, and a good preference on the same connection still works.
        var down = await DownTrackOfAsync(room, "Bob", published.TrackIds["1"]);
        Assert.Equal((2, (int?)null, (int?)null), await ReadAsync(room, () => (down.PreferredMaxLayer, down.PreferredMaxWidth, down.PreferredMaxHeight)));
        await bob.Connection.InvokeAsync("SetSubscriptionPreference", new SubscriptionPreference(published.TrackIds["1"], MaxSpatialLayer: 1));
        Assert.Equal(1, await ReadAsync(room, () => down.PreferredMaxLayer));
    }

    [Fact]
    public async Task SubscriptionPreferencesReachTheDownTrackAndOneMadeLaterStartsWithThem()
    {
        var room = Room();
        await using var alice = await HubTestClient.ConnectAsync(_host);
        await using var bob = await HubTestClient.ConnectAsync(_host);
        await alice.JoinAsync(room, "Alice");
        await bob.JoinAsync(room, "Bob");
        var published = await alice.PublishAsync(
            BrowserOffers.Simulcast,
            new("0", "audio", TrackSources.Microphone),
            new("1", "video", TrackSources.Camera, "cam", 1280, 720));
        var video = published.TrackIds["1"];

        // The router got the source and the announced size; the three rids are its layers, highest first.
        var track = await FindRoom(room).InspectAsync(ps => ps.Single(p => p.Name == "Alice").PublishedByMid["1"].RouterTrack!);
        Assert.Equal(Sfu.Core.Bwe.TrackSource.Camera, track.Parameters.Source);
        Assert.Equal((1280, 720), (track.Parameters.Width, track.Parameters.Height));
        Assert.Equal(new[] { "h", "m", "l" }, track.Layers.Select(l => l.Rid).ToArray());
        Assert.Equal((320, 180), await ReadAsync(room, () => track.FrameSizeOf(0)));

        // Before Bob answers (no down-track yet): the preference is kept and the down-track made by the answer gets it.
        await bob.WaitForAsync("SubscriberOffer", args => ((SubscriberOffer)args[0]!).Tracks.Count == 2);
        await bob.Connection.InvokeAsync("SetSubscriptionPreference", new SubscriptionPreference(video, Paused: true, MaxSpatialLayer: 0));
        await bob.AnswerOfferAsync(o => o.Tracks.Count == 2);
        var down = await DownTrackOfAsync(room, "Bob", video);
        Assert.Equal((true, 0, (int?)null), await ReadAsync(room, () => (down.Paused, down.PreferredMaxLayer, down.PreferredMaxWidth)));

        // The three limits go together: a size replaces the layer limit; "paused" alone leaves them.
        await bob.Connection.InvokeAsync("SetSubscriptionPreference", new SubscriptionPreference(video, MaxWidth: 640, MaxHeight: 360));
        Assert.Equal((true, 2, (int?)640, (int?)360), await ReadAsync(room, () => (down.Paused, down.PreferredMaxLayer, down.PreferredMaxWidth, down.PreferredMaxHeight)));
        await bob.Connection.InvokeAsync("SetSubscriptionPreference", new SubscriptionPreference(video, Paused: false));
        Assert.Equal((false, 2, (int?)640, (int?)360), await ReadAsync(room, () => (down.Paused, down.PreferredMaxLayer, down.PreferredMaxWidth, down.PreferredMaxHeight)));

        // A screen share is handed to the router as one (served first by the allocator).
        await using var carol = await HubTestClient.ConnectAsync(_host);
        await carol.JoinAsync(room, "Carol");
        var screen = await carol.PublishAsync(
            BrowserOffers.SendRecv,
            new("0", "audio", TrackSources.ScreenShareAudio),
            new("1", "video", TrackSources.ScreenShare, null, 0, 0));
        var screenTrack = await FindRoom(room).InspectAsync(ps => ps.Single(p => p.Name == "Carol").PublishedByMid["1"].RouterTrack!);
        Assert.Equal(screen.TrackIds["1"], screenTrack.TrackId);
        Assert.Equal(Sfu.Core.Bwe.TrackSource.ScreenShare, screenTrack.Parameters.Source);
        Assert.Null(screenTrack.Parameters.Width); // 0 = not known
    }

    [Fact]
    public async Task APreferenceForATrackNotSubscribedIsRefused()
    {
        await using var bob = await HubTestClient.ConnectAsync(_host);
        await bob.JoinAsync(Room(), "Bob");
        var e = await Assert.ThrowsAsync<HubException>(() => bob.Connection.InvokeAsync("SetSubscriptionPreference", new SubscriptionPreference("TR_nothing", MaxSpatialLayer: 0)));
        Assert.EndsWith("HubException: You are not subscribed to a track 'TR_nothing'.", e.Message, StringComparison.Ordinal);
    }

    private Sfu.Signaling.Rooms.Room FindRoom(string room)
    {
        Assert.True(_host.Services.GetRequiredService<Sfu.Signaling.Rooms.RoomManager>().TryGet(room, out var r));
        return r!;
    }

    private Task<T> ReadAsync<T>(string room, Func<T> read) => FindRoom(room).Worker.InvokeAsync(read);

    private Task<Sfu.Core.Forwarding.DownTrack> DownTrackOfAsync(string room, string subscriber, string trackId)
        => FindRoom(room).InspectAsync(ps =>
        {
            var section = ps.Single(p => p.Name == subscriber).Sections.Single(s => s.Track?.TrackId == trackId);
            return section.DownTrack ?? throw new Xunit.Sdk.XunitException($"{subscriber} has no down-track of {trackId}");
        });
}
