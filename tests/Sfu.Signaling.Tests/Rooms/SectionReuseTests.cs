using Sfu.Core.Sdp;
using Sfu.Signaling.Contracts;
using Sfu.Signaling.Tests.Infrastructure;

namespace Sfu.Signaling.Tests.Rooms;

/// <summary>A subscriber's m-sections are reused by new tracks of their kind: the SDP follows tracks at once, not churn.</summary>
public sealed class SectionReuseTests : IDisposable
{
    private readonly RoomTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task ANewTrackTakesTheInactiveSectionOfItsKindWithNewSsrcsAndMsid()
    {
        var name = RoomTestHost.NewRoomName();
        var bob = await _host.JoinAsync(name, "Bob");
        var alice = await _host.JoinAsync(name, "Alice");
        var published = await alice.PublishAsync(BrowserOffers.SendRecv);
        var first = await bob.AnswerLatestAsync();
        var firstVideo = Section(first, "video");
        Assert.Equal(published.TrackIds["1"], firstVideo.TrackId);

        // Alice stops her video: its section goes inactive.
        await alice.PublishAsync(BrowserOffers.AudioOnly);
        var inactive = await bob.AnswerLatestAsync(first.Version);
        var inactiveVideo = Media(inactive, firstVideo.Mid);
        Assert.Equal(MediaDirection.Inactive, inactiveVideo.Direction);
        Assert.Empty(inactiveVideo.SsrcAttributes);

        // Carol publishes video: it takes that section (same mid), with new SSRCs and her msid.
        var carol = await _host.JoinAsync(name, "Carol");
        var carolTracks = await carol.PublishAsync(BrowserOffers.SendRecv);
        var reused = await bob.AnswerLatestAsync(inactive.Version);
        var carolVideo = reused.Tracks.Single(t => t.TrackId == carolTracks.TrackIds["1"]);
        Assert.Equal(firstVideo.Mid, carolVideo.Mid);
        var media = Media(reused, carolVideo.Mid);
        Assert.Equal(MediaDirection.SendOnly, media.Direction);
        var oldSsrcs = Media(first, firstVideo.Mid).SsrcAttributes.Select(a => a.Ssrc).ToHashSet();
        Assert.NotEmpty(media.SsrcAttributes);
        Assert.DoesNotContain(media.SsrcAttributes, a => oldSsrcs.Contains(a.Ssrc));
        Assert.Equal((carol.Id, carolTracks.TrackIds["1"]), (media.Msid!.StreamId, media.Msid.TrackId));

        // Alice's audio, Carol's audio (a new section: Alice's audio still uses its own) and Carol's video: three sections.
        Assert.Equal(3, MediaCount(reused));
        var down = await DownTracksAsync(bob);
        Assert.Contains(carolTracks.TrackIds["1"], down);
        Assert.DoesNotContain(published.TrackIds["1"], down);
    }

    [Fact]
    public async Task AnAnswerToAnOfferMadeBeforeTheSectionWasReusedMakesNoDownTrackForTheNewTrack()
    {
        var name = RoomTestHost.NewRoomName();
        var bob = await _host.JoinAsync(name, "Bob");
        var alice = await _host.JoinAsync(name, "Alice");
        var published = await alice.PublishAsync(BrowserOffers.SendRecv);
        await Eventually.TrueAsync(() => bob.Notifier.LatestOffer is not null, "Bob gets an offer");
        var pending = bob.Notifier.LatestOffer!;

        // While that offer waits for Bob's answer, Alice's video goes and Carol's takes its section.
        await alice.PublishAsync(BrowserOffers.AudioOnly);
        var carol = await _host.JoinAsync(name, "Carol");
        var carolTracks = await carol.PublishAsync(BrowserOffers.SendRecv);
        Assert.Single(bob.Notifier.Offers); // one offer at a time

        // Bob's answer is for the offer that showed Alice's video there: no down-track for Carol's video from it.
        await bob.AnswerAsync(pending);
        Assert.DoesNotContain(carolTracks.TrackIds["1"], await DownTracksAsync(bob));
        Assert.DoesNotContain(published.TrackIds["1"], await DownTracksAsync(bob));
        Assert.False(bob.Notifier.Received("TrackUnavailable"));

        // The next offer shows Carol's video on that mid; its answer makes the down-track.
        var next = await bob.AnswerLatestAsync(pending.Version);
        Assert.Equal(Section(pending, "video").Mid, next.Tracks.Single(t => t.TrackId == carolTracks.TrackIds["1"]).Mid);
        Assert.Contains(carolTracks.TrackIds["1"], await DownTracksAsync(bob));
    }

    [Fact]
    public async Task TracksThatComeAndGoKeepTheSubscriberOfferBounded()
    {
        var name = RoomTestHost.NewRoomName();
        var bob = await _host.JoinAsync(name, "Bob");
        int version = 0;
        for (int i = 0; i < 40; i++)
        {
            var publisher = await _host.JoinAsync(name, "P" + i);
            var tracks = await publisher.PublishAsync(BrowserOffers.SendRecv);
            var offer = await bob.AnswerLatestAsync(version);
            version = offer.Version;
            Assert.Equal(tracks.TrackIds.Values.Order(), offer.Tracks.Select(t => t.TrackId).Order());
            Assert.Equal(2, MediaCount(offer));
            var down = await DownTracksAsync(bob);
            Assert.All(tracks.TrackIds.Values, id => Assert.Contains(id, down));

            await publisher.Room.LeaveAsync(publisher.Participant, "left");
            version = (await bob.AnswerLatestAsync(version)).Version;
        }

        Assert.Equal(2, await bob.Room.InspectAsync(ps => ps.Single(p => p.Id == bob.Id).Sections.Count));
    }

    private static SubscribedTrack Section(SubscriberOffer offer, string kind) => offer.Tracks.Single(t => t.Kind == kind);

    private static MediaDescription Media(SubscriberOffer offer, string mid)
    {
        Assert.True(SdpParser.TryParse(offer.Sdp, out var parsed, out var error), error);
        return parsed!.Media.Single(m => m.Mid == mid);
    }

    private static int MediaCount(SubscriberOffer offer)
    {
        Assert.True(SdpParser.TryParse(offer.Sdp, out var parsed, out var error), error);
        return parsed!.Media.Count;
    }

    /// <summary>The track ids of the subscriber's down-tracks, read on the room's worker.</summary>
    private static async Task<List<string>> DownTracksAsync(TestParticipant subscriber)
    {
        var room = subscriber.Room;
        var transport = await room.InspectAsync(ps => ps.Single(p => p.Id == subscriber.Id).Subscriber);
        return await room.Worker.InvokeAsync(() => room.Router.DownTracks.Where(d => ReferenceEquals(d.Subscriber, transport)).Select(d => d.Track.TrackId).ToList());
    }
}
