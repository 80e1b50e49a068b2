using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Sfu.Core.Dtls;
using Sfu.Load.Auth;
using Sfu.Load.Cli;
using Sfu.Load.Media;
using Sfu.Load.Run;
using Sfu.Load.Sdp;
using Sfu.Load.Subscribing;
using Sfu.Signaling.Rooms;
using Xunit.Abstractions;

namespace Sfu.Load.Tests.Run;

/// <summary>
/// One subscriber that stays, with real media, while publishers come and go: each publisher joins, publishes audio and
/// simulcast video, sends until the subscriber has decrypted RTP of both its tracks, and leaves; a few at a time, until
/// 300 tracks went through the one subscriber peer connection (one ICE/DTLS session, one SRTP context). The subscriber
/// is the load tool's participant (SignalR client, ICE, DTLS, SRTP, its per-track checks), against the real server in
/// this process. Its offers stay as large as the tracks it receives at once (m-sections are reused), and the server
/// keeps sending state only for the SSRCs of the live tracks (ended down-tracks release theirs).
/// </summary>
public sealed class TrackChurnMediaTests : IDisposable
{
    /// <summary>Tracks that go through the subscriber: 150 publishers of audio and video.</summary>
    private const int Tracks = 300;

    /// <summary>Publishers in the room at once, at most (each publishes audio and video).</summary>
    private const int PublishersAtOnce = 3;

    /// <summary>
    /// The bound on a subscriber offer's m-sections: one per track of the publishers there at once. Without reuse the
    /// offers would grow by two m-sections per publisher, to 300.
    /// </summary>
    private const int MaxOfferSections = 2 * PublishersAtOnce;

    /// <summary>
    /// The bound on a subscriber offer's characters: six m-sections take about 11,000; 300 would take over 500,000.
    /// </summary>
    private const int MaxOfferLength = 16_000;

    /// <summary>How long one publisher may take from joining until the subscriber decrypted media of both its tracks.</summary>
    private static readonly TimeSpan TrackTimeout = TimeSpan.FromSeconds(20);

    private readonly InProcessSfu _server = new();
    private readonly ITestOutputHelper _output;

    public TrackChurnMediaTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task OneSubscriberDecryptsMediaOf300TracksPublishedAndUnpublishedInTurnWithBoundedOffers()
    {
        Assert.True(DtlsTransport.IsOpenSslAvailable, DtlsTransport.OpenSslVersion);
        var options = new LoadOptions { Url = _server.Address, Threads = 1, Quiet = true };
        using var certificate = DtlsCertificate.Generate("sfu-churn-test");
        using var loop = new MediaLoop("sfu-churn-media");
        var picker = new CandidatePicker(IPAddress.Loopback, null);
        var tokens = new JoinTokenSource(null, options.ApiKey, options.ApiSecret);
        string room = "churn-" + Guid.NewGuid().ToString("N")[..8];
        using var run = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        await using var viewer = new LoadParticipant(new ParticipantPlan(0, room, "viewer", false, false, true, 0, 0), options, loop, certificate, picker, tokens);
        await viewer.JoinAsync(run.Token);
        Assert.True(viewer.Phase == ParticipantPhase.Joined, viewer.Failure);

        // A few lanes, each running publishers one after another: at most PublishersAtOnce in the room at once.
        int next = 0;
        async Task LaneAsync()
        {
            try
            {
                for (int i = Interlocked.Increment(ref next); i <= Tracks / 2; i = Interlocked.Increment(ref next))
                {
                    await PublishUntilReceivedAsync(i);
                }
            }
            catch
            {
                await run.CancelAsync(); // the other lanes stop too
                throw;
            }
        }

        async Task PublishUntilReceivedAsync(int index)
        {
            await using var publisher = new LoadParticipant(new ParticipantPlan(index, room, "p" + index, true, true, false, 0, 0), options, loop, certificate, picker, tokens);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(run.Token);
            timeout.CancelAfter(TrackTimeout);
            await publisher.JoinAsync(timeout.Token);
            Assert.True(publisher.Phase == ParticipantPhase.Joined, $"publisher {index}: {publisher.Failure}");
            while (!BothTracksDecrypted(viewer.SubscriberMedia!, publisher.ParticipantId!))
            {
                Assert.False(timeout.IsCancellationRequested, $"publisher {index}: the subscriber decrypted no media of both its tracks within {TrackTimeout.TotalSeconds} s ({Describe(viewer, publisher)})");
                Assert.True(viewer.Phase == ParticipantPhase.Joined, "the subscriber failed: " + viewer.Failure);
                await Task.Delay(20, CancellationToken.None);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, PublishersAtOnce).Select(_ => Task.Run(LaneAsync)));

        var received = viewer.SubscriberMedia!.Tracks;
        var decrypted = received.Where(t => Interlocked.Read(ref t.Packets) > 0).Select(t => t.Section.TrackId).Distinct(StringComparer.Ordinal).ToList();
        Assert.Equal(Tracks, decrypted.Count);
        Assert.Equal(Tracks / 2, received.Where(t => t.IsVideo && t.Packets > 0).Select(t => t.Section.TrackId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(0L, received.Sum(t => t.KeyframeViolations));
        Assert.Equal(PeerState.Connected, viewer.Subscriber!.State);
        Assert.True(viewer.MostOfferSections <= MaxOfferSections, $"a subscriber offer had {viewer.MostOfferSections} m-sections (at most {MaxOfferSections} expected)");
        Assert.True(viewer.LongestOffer <= MaxOfferLength, $"a subscriber offer had {viewer.LongestOffer} characters (at most {MaxOfferLength} expected)");

        // Every publisher left: the subscriber's transport keeps no sending state for the 450 SSRCs it sent on.
        Assert.True(_server.Services.GetRequiredService<RoomManager>().TryGet(room, out var r));
        var transport = await r!.InspectAsync(ps => ps.Single(p => p.Id == viewer.ParticipantId).Subscriber!);
        int sendingSsrcs = await r.Worker.InvokeAsync(() => transport.SendingSsrcCount);
        for (long deadline = Environment.TickCount64 + 5_000; sendingSsrcs > 0 && Environment.TickCount64 < deadline;)
        {
            await Task.Delay(50); // the last leave may still be on its way to the worker
            sendingSsrcs = await r.Worker.InvokeAsync(() => transport.SendingSsrcCount);
        }

        _output.WriteLine($"{decrypted.Count} tracks decrypted, {viewer.OffersAnswered} offers answered, at most {viewer.MostOfferSections} m-sections and {viewer.LongestOffer} characters, "
            + $"{viewer.PreferencesRefused} preferences refused, {sendingSsrcs} sending SSRCs kept at the end");
        Assert.True(sendingSsrcs == 0, $"the subscriber transport keeps SRTP state for {sendingSsrcs} SSRCs after every publisher left");
    }

    public void Dispose() => _server.Dispose();

    /// <summary>True when the subscriber decrypted RTP on an audio and a video track of <paramref name="participantId"/>.</summary>
    private static bool BothTracksDecrypted(SubscriberMedia media, string participantId)
    {
        bool audio = false, video = false;
        foreach (var track in media.Tracks)
        {
            if (string.Equals(track.Section.ParticipantId, participantId, StringComparison.Ordinal) && Interlocked.Read(ref track.Packets) > 0)
            {
                audio |= !track.IsVideo;
                video |= track.IsVideo;
            }
        }

        return audio && video;
    }

    private static string Describe(LoadParticipant viewer, LoadParticipant publisher)
    {
        var tracks = viewer.SubscriberMedia!.Tracks.Where(t => string.Equals(t.Section.ParticipantId, publisher.ParticipantId, StringComparison.Ordinal));
        return $"offers answered {viewer.OffersAnswered}, its tracks at the subscriber: [{string.Join(", ", tracks.Select(t => $"{t.Section.Kind} mid {t.Section.Mid} ssrc {t.Section.Ssrc}: {t.Packets} packets"))}], "
            + $"unknown-SSRC packets {viewer.SubscriberMedia.UnknownSsrcPackets}, publisher {publisher.Publisher?.State}";
    }
}
