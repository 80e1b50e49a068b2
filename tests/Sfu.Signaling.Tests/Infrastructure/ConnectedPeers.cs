using Sfu.Core.Transport;
using Sfu.Signaling.Contracts;
using Sfu.Signaling.Rooms;

namespace Sfu.Signaling.Tests.Infrastructure;

/// <summary>
/// Participants with connected transports on a <see cref="RoomTestHost"/>: <see cref="TestPeerConnection"/>s that
/// publish, answer subscriber offers and connect over loopback UDP. Disposes the peers it made.
/// </summary>
public sealed class ConnectedPeers : IDisposable
{
    /// <summary>The audio SSRC of every publish offer.</summary>
    public const uint AudioSsrc = 0x1111_0001;

    /// <summary>The video SSRC of every publish offer.</summary>
    public const uint VideoSsrc = 0x1111_0002;

    private readonly List<TestPeerConnection> _peers = new();

    public void Dispose() => _peers.ForEach(p => p.Dispose());

    /// <summary>Alice publishes on a connected publisher transport; Bob publishes too, and Alice's subscriber transport connects.</summary>
    public async Task<(TestParticipant Alice, TestParticipant Bob, TestPeerConnection Publisher, TestPeerConnection Subscriber)> AliceWithBothTransportsAsync(RoomTestHost host)
    {
        var room = RoomTestHost.NewRoomName();
        var alice = await host.JoinAsync(room, "Alice");
        var bob = await host.JoinAsync(room, "Bob");
        var publisher = await PublishAndConnectAsync(alice);
        await bob.PublishAsync(BrowserOffers.SendRecv);

        var subscriber = NewPeer();
        await Eventually.TrueAsync(() => alice.Notifier.LatestOffer is { Tracks.Count: 2 }, "Alice is offered Bob's tracks");
        var offer = alice.Notifier.LatestOffer!;
        await alice.Room.SubscriberAnswerAsync(alice.Participant, new SubscriberAnswerRequest(offer.Version, subscriber.AnswerFor(offer.Sdp)));
        await Task.Run(() => subscriber.Connect(offer.Sdp));
        await WaitUntilAsync(alice, p => p.Subscriber!.State == WebRtcTransportState.Connected, "Alice's subscriber transport connects");
        return (alice, bob, publisher, subscriber);
    }

    /// <summary>The participant publishes one audio and one video stream on a publisher transport that connects.</summary>
    public async Task<TestPeerConnection> PublishAndConnectAsync(TestParticipant participant)
    {
        var peer = NewPeer();
        var answer = await participant.Room.PublishAsync(participant.Participant, new PublishRequest(peer.PublishOffer(AudioSsrc, VideoSsrc), Array.Empty<PublishTrack>()));
        await Task.Run(() => peer.Connect(answer.Sdp));
        await WaitUntilAsync(participant, p => p.Publisher!.State == WebRtcTransportState.Connected, $"{participant.Participant.Name}'s publisher transport connects");
        return peer;
    }

    /// <summary>A peer disposed with this.</summary>
    public TestPeerConnection NewPeer()
    {
        var peer = new TestPeerConnection();
        _peers.Add(peer);
        return peer;
    }

    /// <summary>Polls a condition on the participant's transports, read on the room's worker.</summary>
    public static async Task WaitUntilAsync(TestParticipant participant, Func<Participant, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!await participant.Room.Worker.InvokeAsync(() => condition(participant.Participant)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException("Timed out waiting until " + what);
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Polls a condition on the room's loop.</summary>
    public static async Task WaitUntilOnLoopAsync(TestParticipant participant, Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!await participant.Room.InspectAsync(_ => condition()))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException("Timed out waiting until " + what);
            }

            await Task.Delay(10);
        }
    }
}
