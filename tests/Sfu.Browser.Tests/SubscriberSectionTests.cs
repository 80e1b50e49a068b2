using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sfu.Browser.Tests.Infrastructure;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Contracts;
using Sfu.Signaling.Rooms;

namespace Sfu.Browser.Tests;

/// <summary>
/// What Chromium does with the server's subscriber offers when m-sections are reused (an inactive m-section offered
/// sendonly again with new SSRCs and a new msid) and when a room of 100 gives a subscriber hundreds of m-sections.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SubscriberSectionTests
{
    /// <summary>For a mid of the subscriber connection: its direction and SSRC in the remote offer, and what Chromium decodes of that SSRC.</summary>
    private const string SectionScript = @"async (mid) => {
        const pc = window.sfu.subscriberPc;
        const sections = pc.remoteDescription.sdp.split(/\r?\nm=/).slice(1);
        const section = sections.find(s => new RegExp('\\r?\\na=mid:' + mid + '\\r?\\n').test(s)) || '';
        const ssrc = Number((section.match(/a=ssrc:(\d+) /) || [])[1] || 0);
        const direction = (section.match(/a=(sendonly|recvonly|sendrecv|inactive)/) || [])[1] || '';
        let framesDecoded = 0;
        (await pc.getStats()).forEach(r => { if (r.type === 'inbound-rtp' && r.ssrc === ssrc) framesDecoded = r.framesDecoded || 0; });
        const subscription = window.sfu.subscriptions.get(mid);
        return { sections: sections.length, transceivers: pc.getTransceivers().length, ssrc, direction, framesDecoded,
                 trackId: subscription ? subscription.trackId : null, participantId: subscription ? subscription.participantId : null,
                 receiverTrack: subscription ? subscription.track.readyState : null };
    }";

    private static readonly TimeSpan MediaTimeout = TimeSpan.FromSeconds(20);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly BrowserFixture _fixture;

    public SubscriberSectionTests(BrowserFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task AnInactiveSectionReusedForTheNextPublishersTrackPlaysInChromium()
    {
        var room = $"reuse-{Guid.NewGuid():N}"[..15];
        await using var bob = await RoomParticipant.JoinAsync(_fixture, room, "Bob", camera: false, microphone: false);
        string? videoMid = null;
        var ssrcs = new List<long>();
        foreach (var name in new[] { "Alice", "Carol", "Dave" })
        {
            await using var publisher = await RoomParticipant.JoinAsync(_fixture, room, name);

            // Bob decodes the publisher's video on the same m-section every time, with that section's new SSRC.
            var streams = await bob.WaitForInboundAsync(s => s.Any(x => x.IsVideo && x.ParticipantId == publisher.ParticipantId), MediaTimeout);
            var mid = streams.FirstOrDefault(x => x.IsVideo && x.ParticipantId == publisher.ParticipantId)?.Mid
                ?? throw new Xunit.Sdk.XunitException($"Bob gets no video of {name}. {await bob.DescribeAsync()}");
            videoMid ??= mid;
            Assert.Equal(videoMid, mid);
            var section = await WaitForSectionAsync(bob, mid, s => s.FramesDecoded > 10 && s.ParticipantId == publisher.ParticipantId);
            Assert.True(section.FramesDecoded > 10 && section.ParticipantId == publisher.ParticipantId, $"Bob's m-section {mid} with {name}'s video: {section}");
            Assert.Equal("sendonly", section.Direction);
            Assert.Equal("live", section.ReceiverTrack);
            Assert.Equal((2, 2), (section.Sections, section.Transceivers)); // audio and video, reused: never more
            Assert.DoesNotContain(section.Ssrc, ssrcs);
            ssrcs.Add(section.Ssrc);
            var tile = Assert.Single(await bob.WaitForTilesAsync(publisher.ParticipantId, t => t.Count == 1 && t[0].ShowsVideo, TimeSpan.FromSeconds(5)));
            Assert.True(tile.ShowsVideo, $"Bob's tile of {name}: {tile}");

            // The publisher leaves: the section goes inactive, the tile goes.
            await publisher.LeaveAsync();
            var gone = await WaitForSectionAsync(bob, mid, s => s.Direction == "inactive");
            Assert.Equal("inactive", gone.Direction);
            Assert.Null(gone.TrackId);
            Assert.Empty(await bob.WaitForTilesAsync(publisher.ParticipantId, t => t.Count == 0, TimeSpan.FromSeconds(5)));
        }

        bob.AssertNoErrors();
    }

    [Fact]
    public async Task ChromiumNegotiatesTheSubscriberOfARoomOf100WhereEveryonePublishesAudioAndVideo()
    {
        var room = $"hundred-{Guid.NewGuid():N}"[..17];
        var rooms = _fixture.Server.Services.GetRequiredService<RoomManager>();
        var offer = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "chromium-sendrecv-offer.sdp"));

        // 99 publishers through the room API (no media: this is about the negotiation), each audio and video.
        for (int i = 0; i < 99; i++)
        {
            var (p, _) = await rooms.JoinAsync(new JoinRequest(room, "P" + i), new JoinAuthorization(null, null, ParticipantGrants.Default), new SilentNotifier());
            await p.Room.PublishAsync(p, new PublishRequest(offer, Array.Empty<PublishTrack>()));
        }

        await using var bob = await RoomParticipant.JoinAsync(_fixture, room, "Bob", camera: false, microphone: false);
        await bob.WaitForPageAsync(
            "() => window.sfu.subscriptions.size === 198 && window.sfu.subscriberPc.signalingState === 'stable'",
            TimeSpan.FromSeconds(60),
            "Bob's subscriber connection takes the 198 tracks");
        var sdp = await bob.Page.EvaluateAsync<int[]>(
            "() => [window.sfu.subscriberPc.remoteDescription.sdp.length, window.sfu.subscriberPc.localDescription.sdp.length, window.sfu.subscriberPc.getTransceivers().length]");
        Assert.Equal(198, sdp[2]);

        // The server accepted Chromium's answer (about 300,000 characters): every track has a down-track for Bob.
        Assert.True(rooms.TryGet(room, out var r));
        var bobParticipant = r!.Participants.Single(p => p.Name == "Bob").Id;
        int downTracks = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (downTracks < 198 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            downTracks = await r.InspectAsync(ps => ps.Single(p => p.Id == bobParticipant).Sections.Count(s => s.DownTrack is not null));
        }

        Assert.True(downTracks == 198, $"{downTracks} down-tracks for Bob; offer {sdp[0]} characters, answer {sdp[1]}. {await bob.DescribeAsync()} {string.Join(" | ", bob.PageErrors.Concat(bob.ConsoleErrors))}");
        bob.AssertNoErrors();
        await r.CloseAsync("test over");
    }

    private static async Task<SectionState> WaitForSectionAsync(RoomParticipant who, string mid, Func<SectionState, bool> condition)
    {
        var deadline = DateTime.UtcNow + MediaTimeout;
        var state = await ReadSectionAsync(who, mid);
        while (!condition(state) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            state = await ReadSectionAsync(who, mid);
        }

        return state;
    }

    private static async Task<SectionState> ReadSectionAsync(RoomParticipant who, string mid)
        => (await who.Page.EvaluateAsync<JsonElement>(SectionScript, mid)).Deserialize<SectionState>(Json)!;

    private sealed record SectionState(int Sections, int Transceivers, long Ssrc, string Direction, long FramesDecoded, string? TrackId, string? ParticipantId, string? ReceiverTrack);
}
