using System.Net;
using Sfu.Core.Ice;
using Sfu.Core.Sdp;
using Sfu.Core.Transport;
using Sfu.Signaling.Contracts;
using Sfu.Signaling.Rooms;
using Sfu.Signaling.Tests.Infrastructure;

namespace Sfu.Signaling.Tests.Rooms;

/// <summary>
/// ICE consent lost while the signaling connection is there is a network problem, not a goodbye: the participant
/// stays (others see it reconnecting), its subscriber connection is offered again with new ICE credentials, DTLS and
/// SRTP stay, and it is back once consent is. Consent lost for the grace period, or with the signaling connection gone
/// too, is a goodbye. Real transports on a real media worker whose clock the test moves.
/// </summary>
public sealed class IceRestartTests : IDisposable
{
    private static readonly TimeSpan ConsentTimeout = IceLiteAgent.DefaultConsentTimeout;

    private readonly ConnectedPeers _peers = new();

    public void Dispose() => _peers.Dispose();

    [Fact]
    public async Task ConsentLostWithTheSignalingConnectionThereRestartsIceAndKeepsTheParticipant()
    {
        using var host = new RoomTestHost(o => o.ReconnectGraceSeconds = 60, mediaOnTestTime: true);
        var (alice, bob, publisher, subscriber) = await _peers.AliceWithBothTransportsAsync(host);
        var firstOffer = alice.Notifier.LatestOffer!;
        int offers = alice.Notifier.Offers.Count;
        var publisherUfrag = await alice.Room.Worker.InvokeAsync(() => alice.Participant.Publisher!.LocalIce.Ufrag);

        host.Time.Advance(ConsentTimeout + TimeSpan.FromSeconds(1));
        await ConnectedPeers.WaitUntilAsync(
            alice,
            p => p.Publisher!.State == WebRtcTransportState.Disconnected && p.Subscriber!.State == WebRtcTransportState.Disconnected,
            "both transports lose consent");

        // Alice stays, reconnecting, and her subscriber connection is offered again with new credentials.
        await Eventually.TrueAsync(() => alice.Notifier.Offers.Count > offers, "Alice's subscriber connection is offered again");
        var restart = alice.Notifier.LatestOffer!;
        Assert.NotEqual(Ufrag(firstOffer.Sdp), Ufrag(restart.Sdp));
        Assert.Equal(Ufrag(restart.Sdp), await alice.Room.Worker.InvokeAsync(() => alice.Participant.Subscriber!.LocalIce.Ufrag));
        Assert.Equal(publisherUfrag, await alice.Room.Worker.InvokeAsync(() => alice.Participant.Publisher!.LocalIce.Ufrag));
        await Eventually.TrueAsync(() => bob.Notifier.Received("ParticipantReconnecting", a => (string?)a[0] == alice.Id), "Bob sees Alice reconnecting");
        Assert.True(await alice.Room.InspectAsync(_ => alice.Participant.ToInfo().Reconnecting), "others joining now see her reconnecting");
        Assert.False(alice.Participant.Left, "Alice left although her signaling connection is there");
        Assert.Empty(alice.Notifier.Of("Disconnected"));

        // The old credentials are refused; the new ones work from a new address, without a new DTLS handshake.
        Assert.Null(subscriber.CheckOnce()); // an unknown ufrag now: dropped
        await alice.Room.SubscriberAnswerAsync(alice.Participant, new SubscriberAnswerRequest(restart.Version, subscriber.AnswerFor(restart.Sdp)));
        int newPort = subscriber.MoveToNewPort();
        Assert.Equal(StunClass.SuccessResponse, subscriber.RestartIce(restart.Sdp));

        // The publisher's path comes back (same credentials), from a new address too; its SRTP goes on.
        publisher.MoveToNewPort();
        Assert.Equal(StunClass.SuccessResponse, publisher.CheckOnce());
        await ConnectedPeers.WaitUntilAsync(
            alice,
            p => p.Publisher!.State == WebRtcTransportState.Connected && p.Subscriber!.State == WebRtcTransportState.Connected,
            "both transports have consent again");
        Assert.Equal(newPort, await alice.Room.Worker.InvokeAsync(() => Port(alice.Participant.Subscriber!.RemoteAddress!)));
        publisher.SendRtp(96, 1000, ConnectedPeers.VideoSsrc, "1");
        await Eventually.TrueAsync(
            () => alice.Room.Worker.InvokeAsync(() => alice.Room.Router.Tracks.Sum(t => t.Layers.Sum(l => l.PacketsReceived))).Result >= 1,
            "the server decrypts media sent after the restart with the old SRTP keys");

        await Eventually.TrueAsync(() => bob.Notifier.Received("ParticipantResumed", a => (string?)a[0] == alice.Id), "Bob sees Alice back");
        Assert.False(await alice.Room.InspectAsync(_ => alice.Room.PeerConnections.ConsentTimerRunning(alice.Participant)));
        Assert.False(await alice.Room.InspectAsync(_ => alice.Participant.ToInfo().Reconnecting));
        Assert.False(bob.Notifier.Received("ParticipantLeft"));
        Assert.False(alice.Participant.Left);
    }

    [Fact]
    public async Task ConsentLostForTheGracePeriodWithTheSignalingConnectionThereLeaves()
    {
        using var host = new RoomTestHost(o => o.ReconnectGraceSeconds = 20, mediaOnTestTime: true);
        var (alice, bob, _, _) = await _peers.AliceWithBothTransportsAsync(host);
        int offers = alice.Notifier.Offers.Count;

        host.Time.Advance(ConsentTimeout + TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => alice.Notifier.Offers.Count > offers, "Alice's subscriber connection is offered again");
        await ConnectedPeers.WaitUntilOnLoopAsync(alice, () => alice.Room.PeerConnections.ConsentTimerRunning(alice.Participant) && alice.Participant.Presence.GoodbyeReason is not null, "both transports' consent loss is heard");
        Assert.False(alice.Participant.Left);

        host.Time.Advance(TimeSpan.FromSeconds(20));
        await Eventually.TrueAsync(() => bob.Notifier.Received("ParticipantLeft", a => (string?)a[0] == alice.Id), "Bob hears that Alice left");
        Assert.Equal(PeerConnectionWatcher.LeftReason(MediaPresence.ConsentLostReason), (string?)Assert.Single(alice.Notifier.Of("Disconnected"))[0]);
    }

    [Fact]
    public async Task SignalingConnectionLostAfterConsentLeavesAtOnce()
    {
        using var host = new RoomTestHost(o => o.ReconnectGraceSeconds = 600, mediaOnTestTime: true);
        var (alice, bob, _, _) = await _peers.AliceWithBothTransportsAsync(host);

        host.Time.Advance(ConsentTimeout + TimeSpan.FromSeconds(1));
        await ConnectedPeers.WaitUntilOnLoopAsync(alice, () => alice.Participant.Presence.GoodbyeReason is not null, "both transports' consent loss is heard");
        Assert.False(alice.Participant.Left);

        await alice.Room.ConnectionLostAsync(alice.Participant, alice.Notifier);
        Assert.True(alice.Participant.Left, "Alice stayed although both her signaling connection and her peer connections are gone");
        Assert.True(bob.Notifier.Received("ParticipantLeft", a => (string?)a[0] == alice.Id));
    }

    [Fact]
    public async Task ConsentLostOnOneTransportWithSignalingGoneDoesNotLeaveAndConsentBackIsNotAResume()
    {
        using var host = new RoomTestHost(o => o.ReconnectGraceSeconds = 600, mediaOnTestTime: true);
        var (alice, bob, publisher, subscriber) = await _peers.AliceWithBothTransportsAsync(host);

        // Consent lost on the publisher alone with the signaling connection there: reconnecting, not left.
        host.Time.Advance(ConsentTimeout / 2);
        Assert.Equal(StunClass.SuccessResponse, subscriber.CheckOnce());
        host.Time.Advance(ConsentTimeout / 2 + TimeSpan.FromSeconds(1));
        await ConnectedPeers.WaitUntilOnLoopAsync(alice, () => alice.Participant.MediaReconnecting, "the publisher's consent loss is heard");
        Assert.Null(await alice.Room.InspectAsync(_ => alice.Participant.Presence.GoodbyeReason));
        int offers = alice.Notifier.Offers.Count;

        // The signaling connection goes too: one transport still has consent, so the grace period runs as usual.
        await alice.Room.ConnectionLostAsync(alice.Participant, alice.Notifier);
        Assert.False(alice.Participant.Left);

        // Consent comes back on the publisher: Alice is not announced back while her signaling connection is away.
        int resumed = bob.Notifier.Of("ParticipantResumed").Count();
        Assert.Equal(StunClass.SuccessResponse, publisher.CheckOnce());
        await ConnectedPeers.WaitUntilOnLoopAsync(alice, () => !alice.Participant.MediaReconnecting, "the publisher's consent is back");
        Assert.Equal(resumed, bob.Notifier.Of("ParticipantResumed").Count());
        Assert.Equal(offers, alice.Notifier.Offers.Count); // only a lost subscriber connection is offered again
        Assert.True(await alice.Room.InspectAsync(_ => alice.Participant.ToInfo().Reconnecting), "her signaling connection is still away");
    }

    [Fact]
    public void PresenceTellsConsentLossApartFromGoodbye()
    {
        var presence = new MediaPresence();
        Assert.Null(presence.GoodbyeReason);
        Assert.False(presence.ConsentLost);
        presence.Apply(publisher: true, PeerConnectionSignal.Connected);
        presence.Apply(publisher: false, PeerConnectionSignal.Connected);
        Assert.Null(presence.Apply(publisher: false, PeerConnectionSignal.ConsentLost));
        Assert.True(presence.ConsentLost);
        Assert.Null(presence.GoodbyeReason);
        Assert.Equal(MediaPresence.ConsentLostReason, presence.Apply(publisher: true, PeerConnectionSignal.ConsentLost));
        Assert.Equal(MediaPresence.ConsentLostReason, presence.GoodbyeReason);
        presence.Apply(publisher: false, PeerConnectionSignal.Connected);
        Assert.True(presence.ConsentLost);
        Assert.Null(presence.GoodbyeReason);
        presence.Apply(publisher: true, PeerConnectionSignal.Connected);
        Assert.False(presence.ConsentLost);
    }

    private static string Ufrag(string sdp)
    {
        Assert.True(SdpParser.TryParse(sdp, out var parsed, out var error), error);
        return parsed!.EffectiveIceUfrag(parsed.Media[0])!;
    }

    private static int Port(SocketAddress address) => ((IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(address)).Port;
}
