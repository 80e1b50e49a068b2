using Sfu.Core.ActiveSpeakers;
using Sfu.Signaling.Contracts;
using Sfu.Signaling.Tests.Infrastructure;

namespace Sfu.Signaling.Tests.Rooms;

/// <summary>
/// The room's side of active speakers: the router's observer watches microphones only, and what it reports goes to
/// everyone through the loop, without speakers who left and without repeating an unchanged list.
/// </summary>
public sealed class ActiveSpeakerTests : IDisposable
{
    private readonly RoomTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task ReportedSpeakersGoToEveryoneOnceAndLateJoinersLearnThem()
    {
        var name = RoomTestHost.NewRoomName();
        var alice = await _host.JoinAsync(name, "Alice");
        var bob = await _host.JoinAsync(name, "Bob");
        await alice.PublishAsync(BrowserOffers.SendRecv);

        // The microphone is observed under its participant's id; the camera is not.
        var observed = await alice.Room.Worker.InvokeAsync(() => alice.Room.Router.Tracks.Select(t => (t.Kind, Observed: t.AudioLevel is not null)).ToList());
        Assert.Contains((Sfu.Core.Forwarding.MediaKind.Audio, true), observed);
        Assert.Contains((Sfu.Core.Forwarding.MediaKind.Video, false), observed);

        await ReportAsync(alice, new ActiveSpeaker(alice.Id, 0.1), new ActiveSpeaker("PA_gone", 0.05));
        await ReportAsync(alice, new ActiveSpeaker(alice.Id, 0.12)); // the same list for the room: not sent again
        foreach (var p in new[] { alice, bob })
        {
            var sent = Assert.Single(p.Notifier.Of("ActiveSpeakersChanged"));
            var speaker = Assert.Single((IReadOnlyList<SpeakerInfo>)sent[0]!);
            Assert.Equal(alice.Id, speaker.ParticipantId);
            Assert.Equal(0.1, speaker.Level);
        }

        Assert.Equal(alice.Id, Assert.Single(alice.Room.ActiveSpeakers).ParticipantId);
        var carol = await _host.JoinAsync(name, "Carol");
        Assert.Contains(carol.Notifier.Of("ActiveSpeakersChanged"), a => ((IReadOnlyList<SpeakerInfo>)a[0]!).Single().ParticipantId == alice.Id);

        await ReportAsync(alice);
        Assert.Empty(alice.Room.ActiveSpeakers);
        Assert.Equal(2, bob.Notifier.Of("ActiveSpeakersChanged").Count());
        Assert.Empty((IReadOnlyList<SpeakerInfo>)bob.Notifier.Of("ActiveSpeakersChanged").Last()[0]!);
    }

    /// <summary>Makes the router's observer report <paramref name="speakers"/> on the worker, and waits until the loop ran it.</summary>
    private static async Task ReportAsync(TestParticipant any, params ActiveSpeaker[] speakers)
    {
        var room = any.Room;
        await room.Worker.InvokeAsync(() => { room.Router.ActiveSpeakers.Changed!(speakers); return true; });
        await room.InspectAsync(_ => true); // the report was posted before this: it has run
    }
}
