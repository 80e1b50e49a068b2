using Sfu.Core.Rtcp;
using Sfu.Signaling.Contracts;
using Sfu.Signaling.Rooms;
using Sfu.Signaling.Tests.Infrastructure;

namespace Sfu.Signaling.Tests.Rooms;

/// <summary>
/// A participant whose peer connections say goodbye leaves at once, signaling connection or not: DTLS close_notify on
/// every transport that connected, RTCP BYE for all its streams, ICE consent lost on every transport while its signaling
/// connection is gone (with it there, ICE restarts instead: <see cref="IceRestartTests"/>). Real transports
/// on a real media worker, driven by <see cref="TestPeerConnection"/>s over loopback UDP.
/// </summary>
public sealed class MediaGoodbyeTests : IDisposable
{
    private const uint AudioSsrc = ConnectedPeers.AudioSsrc;
    private const uint VideoSsrc = ConnectedPeers.VideoSsrc;

    private readonly RoomTestHost _host = new(o => o.ReconnectGraceSeconds = 15, mediaOnTestTime: false);
    private readonly ConnectedPeers _peers = new();

    public void Dispose()
    {
        _peers.Dispose();
        _host.Dispose();
    }

    [Fact]
    public async Task ClosingBothPeerConnectionsLeavesTheRoomAndOneIsNotEnough()
    {
        var (alice, bob, publisher, subscriber) = await _peers.AliceWithBothTransportsAsync(_host);

        publisher.Close();
        await ConnectedPeers.WaitUntilAsync(alice, p => p.Publisher!.State == Sfu.Core.Transport.WebRtcTransportState.Closed, "the publisher transport hears close_notify");
        await alice.Room.CheckEmptyAsync(); // the signal's command ran before this one
        Assert.False(alice.Participant.Left, "Alice left although her subscriber connection is still up");
        Assert.False(bob.Notifier.Received("ParticipantLeft"));

        subscriber.Close();
        await ConnectedPeers.WaitUntilAsync(alice, p => p.Subscriber!.State == Sfu.Core.Transport.WebRtcTransportState.Closed, "the subscriber transport hears close_notify");
        await Eventually.TrueAsync(() => bob.Notifier.Received("ParticipantLeft", a => (string?)a[0] == alice.Id), "Bob hears that Alice left");
        Assert.True(alice.Participant.Left);
        await alice.Room.CheckEmptyAsync(); // the snapshot is published after the command that told Bob
        Assert.Null(alice.Room.FindParticipant(alice.Id));
        var reason = (string?)Assert.Single(alice.Notifier.Of("Disconnected"))[0];
        Assert.Equal(PeerConnectionWatcher.LeftReason(MediaPresence.ClosedReason), reason);
        Assert.Contains(_host.Events.Events, e => e.Event == Sfu.Signaling.Events.RoomEventTypes.ParticipantLeft && e.Reason == MediaPresence.ClosedReason);
    }

    [Fact]
    public async Task AParticipantWithOnlyAPublisherConnectionLeavesWhenItCloses()
    {
        var room = RoomTestHost.NewRoomName();
        var alice = await _host.JoinAsync(room, "Alice");
        var bob = await _host.JoinAsync(room, "Bob");
        var publisher = await _peers.PublishAndConnectAsync(alice);

        publisher.Close();
        await Eventually.TrueAsync(() => bob.Notifier.Received("ParticipantLeft", a => (string?)a[0] == alice.Id), "Bob hears that Alice left");
        Assert.True(alice.Participant.Left);
    }

    [Fact]
    public async Task ALostSignalingConnectionKeepsTheGracePeriodAndOthersSeeItReconnecting()
    {
        var (alice, bob, _, _) = await _peers.AliceWithBothTransportsAsync(_host);

        await alice.Room.ConnectionLostAsync(alice.Participant, alice.Notifier);
        Assert.True(bob.Notifier.Received("ParticipantReconnecting", a => (string?)a[0] == alice.Id), "Bob is told Alice is reconnecting");
        Assert.False(alice.Participant.Left);

        // Someone joining meanwhile sees her as reconnecting too.
        var carol = await _host.JoinAsync(alice.Room.Name, "Carol");
        Assert.True(carol.Response.Participants.Single(p => p.ParticipantId == alice.Id).Reconnecting);
        Assert.False(carol.Response.Participants.Single(p => p.ParticipantId == bob.Id).Reconnecting);

        var again = new RecordingNotifier();
        await _host.Rooms.ResumeAsync(alice.Id, alice.Response.ResumeToken, again);
        Assert.True(bob.Notifier.Received("ParticipantResumed", a => (string?)a[0] == alice.Id), "Bob is told Alice is back");
        Assert.True(carol.Notifier.Received("ParticipantResumed", a => (string?)a[0] == alice.Id), "Carol is told Alice is back");
        Assert.False(bob.Notifier.Received("ParticipantLeft"));

        // A late end of a connection that is no longer hers tells nobody anything.
        int before = bob.Notifier.Of("ParticipantReconnecting").Count();
        await alice.Room.ConnectionLostAsync(alice.Participant, alice.Notifier);
        Assert.Equal(before, bob.Notifier.Of("ParticipantReconnecting").Count());
    }

    [Fact]
    public async Task RtcpByeForAllItsStreamsLeavesAfterTheConfirmation()
    {
        var room = RoomTestHost.NewRoomName();
        var alice = await _host.JoinAsync(room, "Alice");
        var bob = await _host.JoinAsync(room, "Bob");
        var publisher = await _peers.PublishAndConnectAsync(alice);
        SendMedia(publisher, 0, 5);

        // BYE for the audio stream alone: the video stream goes on.
        publisher.SendRtcp(Bye(AudioSsrc));
        await Task.Delay(200);
        Assert.Null(await alice.Room.InspectAsync(_ => alice.Room.PeerConnections.Goodbyes.ConfirmationTimer(alice.Participant)));

        // BYE for the video stream too: every stream said goodbye; it counts once it has stood for the confirmation.
        publisher.SendRtcp(Bye(VideoSsrc));
        await ConnectedPeers.WaitUntilOnLoopAsync(alice, () => alice.Room.PeerConnections.Goodbyes.ConfirmationTimer(alice.Participant) is not null, "the BYE for every stream is heard");
        Assert.False(alice.Participant.Left);

        // The same BYE again and again reaches the room no more: it neither floods the loop nor postpones the goodbye.
        var timer = await alice.Room.InspectAsync(_ => alice.Room.PeerConnections.Goodbyes.ConfirmationTimer(alice.Participant));
        for (int i = 0; i < 200; i++)
        {
            publisher.SendRtcp(Bye(AudioSsrc, VideoSsrc));
        }

        await Task.Delay(500); // loopback: read long before (a repeat that reached the room would replace the timer)
        Assert.Same(timer, await alice.Room.InspectAsync(_ => alice.Room.PeerConnections.Goodbyes.ConfirmationTimer(alice.Participant)));

        _host.Time.Advance(GoodbyeDetector.Confirmation);
        await Eventually.TrueAsync(() => bob.Notifier.Received("ParticipantLeft", a => (string?)a[0] == alice.Id), "Bob hears that Alice left");
        Assert.Equal(PeerConnectionWatcher.LeftReason(PeerConnectionWatcher.RtcpByeReason), (string?)Assert.Single(alice.Notifier.Of("Disconnected"))[0]);
        Assert.Equal(0, await alice.Room.Worker.InvokeAsync(() => alice.Room.TransportListener.TransportsWithGoodbyes));
    }

    [Fact]
    public async Task RtcpByeFollowedByMoreMediaIsNotAGoodbye()
    {
        var room = RoomTestHost.NewRoomName();
        var alice = await _host.JoinAsync(room, "Alice");
        var bob = await _host.JoinAsync(room, "Bob");
        var publisher = await _peers.PublishAndConnectAsync(alice);
        SendMedia(publisher, 0, 5);

        publisher.SendRtcp(Bye(AudioSsrc, VideoSsrc));
        await ConnectedPeers.WaitUntilOnLoopAsync(alice, () => alice.Room.PeerConnections.Goodbyes.ConfirmationTimer(alice.Participant) is not null, "the BYE for every stream is heard");
        SendMedia(publisher, 5, 3);
        await Eventually.TrueAsync(
            () => alice.Room.Worker.InvokeAsync(() => alice.Room.Router.Tracks.Sum(t => t.Layers.Sum(l => l.PacketsReceived))).Result >= 16,
            "the server receives the packets sent after the BYE");
        _host.Time.Advance(GoodbyeDetector.Confirmation);
        await ConnectedPeers.WaitUntilOnLoopAsync(alice, () => alice.Room.PeerConnections.Goodbyes.ConfirmationTimer(alice.Participant) is null, "the confirmation ran");
        Assert.False(alice.Participant.Left, "Alice left although she sent media after her BYE");
        Assert.False(bob.Notifier.Received("ParticipantLeft"));
    }

    [Fact]
    public async Task ConsentLostOnBothTransportsWithoutASignalingConnectionLeavesAndOnOneDoesNot()
    {
        using var host = new RoomTestHost(o => o.ReconnectGraceSeconds = 600, mediaOnTestTime: true);
        var (alice, bob, publisher, subscriber) = await _peers.AliceWithBothTransportsAsync(host);
        var timeout = Sfu.Core.Ice.IceLiteAgent.DefaultConsentTimeout;
        await alice.Room.ConnectionLostAsync(alice.Participant, alice.Notifier); // within the grace period from now on

        // The subscriber connection keeps its consent fresh, the publisher's runs out: Alice stays.
        host.Time.Advance(timeout / 2);
        Assert.Equal(Sfu.Core.Ice.StunClass.SuccessResponse, subscriber.CheckOnce());
        host.Time.Advance(timeout / 2 + TimeSpan.FromSeconds(1));
        await ConnectedPeers.WaitUntilAsync(alice, p => p.Publisher!.State == Sfu.Core.Transport.WebRtcTransportState.Disconnected, "the publisher transport loses consent");
        await alice.Room.CheckEmptyAsync();
        Assert.False(alice.Participant.Left, "Alice left although her subscriber connection has consent");

        // Then the subscriber's runs out too.
        host.Time.Advance(timeout);
        await Eventually.TrueAsync(() => bob.Notifier.Received("ParticipantLeft", a => (string?)a[0] == alice.Id), "Bob hears that Alice left");
        Assert.True(alice.Participant.Left);
        Assert.Contains(host.Events.Events, e => e.Event == Sfu.Signaling.Events.RoomEventTypes.ParticipantLeft && e.Reason == MediaPresence.ConsentLostReason);
        GC.KeepAlive(publisher);
    }

    [Fact]
    public void PresenceCountsOnlyTransportsThatConnectedAndComesBackWithConsent()
    {
        var presence = new MediaPresence();
        Assert.Null(presence.Apply(publisher: true, PeerConnectionSignal.Connected));
        Assert.Null(presence.Apply(publisher: false, PeerConnectionSignal.Connected));
        Assert.Null(presence.Apply(publisher: true, PeerConnectionSignal.ConsentLost));
        Assert.Null(presence.Apply(publisher: true, PeerConnectionSignal.Connected)); // consent came back
        Assert.Null(presence.Apply(publisher: false, PeerConnectionSignal.ClosedByPeer));
        Assert.Equal(MediaPresence.MixedReason, presence.Apply(publisher: true, PeerConnectionSignal.ConsentLost));

        var subscriberOnly = new MediaPresence();
        Assert.Null(subscriberOnly.Apply(publisher: false, PeerConnectionSignal.Connected));
        Assert.Equal(MediaPresence.ClosedReason, subscriberOnly.Apply(publisher: false, PeerConnectionSignal.ClosedByPeer));
    }

    [Fact]
    public void ByeSourcesAreReadFromEveryByeOfACompound()
    {
        var compound = new byte[64];
        int n = Goodbye.Write(compound, new uint[] { 7 });
        n += Goodbye.Write(compound.AsSpan(n), new uint[] { 8, 9 }, "bye"u8);
        Assert.True(RoomTransportListener.ContainsGoodbye(compound.AsSpan(0, n)));
        Assert.Equal(new uint[] { 7, 8, 9 }, RoomTransportListener.GoodbyeSources(compound.AsSpan(0, n)));

        var receiverReport = new byte[] { 0x80, 201, 0, 1, 0, 0, 0, 1 };
        Assert.False(RoomTransportListener.ContainsGoodbye(receiverReport));
        Assert.False(RoomTransportListener.ContainsGoodbye(new byte[] { 0x80, 203, 0, 9 })); // a BYE whose length overruns
    }

    private static byte[] Bye(params uint[] sources)
    {
        var packet = new byte[Goodbye.GetLength(sources.Length, 0)];
        Goodbye.Write(packet, sources);
        return packet;
    }

    private static void SendMedia(TestPeerConnection publisher, int from, int count)
    {
        for (int i = from; i < from + count; i++)
        {
            publisher.SendRtp(111, (ushort)(100 + i), AudioSsrc, "0");
            publisher.SendRtp(96, (ushort)(500 + i), VideoSsrc, "1");
        }
    }
}
