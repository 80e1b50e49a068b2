using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Sfu.Core.Sdp;
using Sfu.Signaling.Contracts;
using Sfu.Signaling.Rooms;

namespace Sfu.Server.Tests.Hubs;

/// <summary>
/// A subscriber that stays while publishers come and go: its m-sections are reused, so its SDP stays as large as the
/// tracks it receives at once. Media is not sent (no media client here): each track is checked through the down-tracks
/// the router made on the subscriber's transport, and the offers' SDP.
/// </summary>
public sealed class SubscriberChurnTests : IClassFixture<SfuTestHost>
{
    /// <summary>At most this many publishers are in the room at once (each publishes audio and video).</summary>
    private const int PublishersAtOnce = 3;

    /// <summary>
    /// The subscriber offer for six tracks (three publishers' audio and video) is about 11,000 characters; this bound
    /// has room to spare and is far below what 300 appended m-sections would take (over 500,000).
    /// </summary>
    private const int MaxOfferLength = 16_000;

    private readonly SfuTestHost _host;

    public SubscriberChurnTests(SfuTestHost host) => _host = host;

    [Fact]
    public async Task OneSubscriberReceives300TracksPublishedAndUnpublishedInTurnWithABoundedOffer()
    {
        var room = "churn" + Guid.NewGuid().ToString("N")[..8];
        await using var bob = await HubTestClient.ConnectAsync(_host);
        var bobId = (await bob.JoinAsync(room, "Bob")).ParticipantId;
        Assert.True(_host.Services.GetRequiredService<RoomManager>().TryGet(room, out var r));

        var publishers = new Queue<HubTestClient>();
        int answered = 0, tracks = 0, maxSections = 0, maxLength = 0;
        while (tracks < 300)
        {
            if (publishers.Count == PublishersAtOnce)
            {
                var oldest = publishers.Dequeue();
                await oldest.Connection.InvokeAsync("Leave");
                await oldest.DisposeAsync();
            }

            var publisher = await HubTestClient.ConnectAsync(_host);
            await publisher.JoinAsync(room, "P" + tracks);
            publishers.Enqueue(publisher);
            var published = await publisher.PublishAsync(BrowserOffers.SendRecv, new("0", "audio", TrackSources.Microphone), new("1", "video", TrackSources.Camera));
            tracks += published.TrackIds.Count;

            // Bob answers every offer in turn until one carries the new tracks.
            SubscriberOffer offer;
            do
            {
                int after = answered;
                offer = await bob.AnswerOfferAsync(o => o.Version > after);
                answered = offer.Version;
                Assert.True(SdpParser.TryParse(offer.Sdp, out var parsed, out var error), error);
                maxSections = Math.Max(maxSections, parsed!.Media.Count);
                maxLength = Math.Max(maxLength, offer.Sdp.Length);
            }
            while (!published.TrackIds.Values.All(id => offer.Tracks.Any(t => t.TrackId == id)));

            var down = await DownTrackIdsAsync(r!, bobId);
            Assert.All(published.TrackIds.Values, id => Assert.Contains(id, down));
        }

        Assert.InRange(maxSections, 2, 2 * PublishersAtOnce);
        Assert.True(maxLength <= MaxOfferLength, $"the subscriber offer reached {maxLength} characters");
        Assert.Equal(2 * PublishersAtOnce, await r!.InspectAsync(ps => ps.Single(p => p.Id == bobId).Sections.Count));
        Assert.Equal(2 * PublishersAtOnce, (await DownTrackIdsAsync(r, bobId)).Count); // the gone tracks' down-tracks are closed
        foreach (var p in publishers)
        {
            await p.DisposeAsync();
        }
    }

    [Fact]
    public async Task ASubscriberAnswerForHundredsOfTracksFitsTheHubsMessageLimit()
    {
        await using var bob = await HubTestClient.ConnectAsync(_host);
        await bob.JoinAsync("big" + Guid.NewGuid().ToString("N")[..8], "Bob");

        // An answer near the parser's limit reaches the room (which has no such offer pending) instead of being cut off
        // by SignalR's message size; one over the limit gets a clear error. The connection lives on.
        var large = "v=0\r\n" + string.Concat(Enumerable.Repeat("a=x-filler:0123456789012345678901234567890123456789\r\n", 18_000));
        Assert.InRange(large.Length, 900_000, SdpParser.MaxLength);
        var pending = await Assert.ThrowsAsync<HubException>(() => bob.Connection.InvokeAsync("SubscriberAnswer", new SubscriberAnswerRequest(7, large)));
        Assert.Contains("No subscriber offer version 7 is pending", pending.Message, StringComparison.Ordinal);

        var tooLarge = large + new string('x', SdpParser.MaxLength - large.Length + 1);
        var refused = await Assert.ThrowsAsync<HubException>(() => bob.Connection.InvokeAsync("SubscriberAnswer", new SubscriberAnswerRequest(7, tooLarge)));
        Assert.Contains($"at most {SdpParser.MaxLength} are accepted", refused.Message, StringComparison.Ordinal);
        await bob.Connection.InvokeAsync("Trickle", new TrickleRequest("subscriber", "candidate:1 1 udp 1 127.0.0.1 9 typ host", "0", 0));
    }

    /// <summary>The track ids of the down-tracks on the participant's subscriber transport, read on the room's worker.</summary>
    private static async Task<List<string>> DownTrackIdsAsync(Room room, string participantId)
    {
        var transport = await room.InspectAsync(ps => ps.Single(p => p.Id == participantId).Subscriber);
        return await room.Worker.InvokeAsync(() => room.Router.DownTracks.Where(d => ReferenceEquals(d.Subscriber, transport)).Select(d => d.Track.TrackId).ToList());
    }
}
