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

    [Fact]
    public async Task SpeakerListIsWrittenToEachRecipientWithoutAnEnumerator()
    {
        var name = RoomTestHost.NewRoomName();
        var alice = await _host.JoinAsync(name, "Alice");
        await alice.PublishAsync(BrowserOffers.SendRecv);
        await ReportAsync(alice, new ActiveSpeaker(alice.Id, 0.1));
        var sent = (IReadOnlyList<SpeakerInfo>)alice.Notifier.Of("ActiveSpeakersChanged").Single()[0]!;

        // SignalR's JSON protocol writes each argument by its runtime type, once per recipient: a wrapped list boxes
        // an enumerator every time (a room of 200 gets 200 of them per change); an array is walked by index.
        var wrapped = new System.Collections.ObjectModel.ReadOnlyCollection<SpeakerInfo>(sent.ToList());
        Assert.True(AllocatedPerWrite(sent) + 32 <= AllocatedPerWrite(wrapped), $"{AllocatedPerWrite(sent)} bytes per write of {sent.GetType()}, {AllocatedPerWrite(wrapped)} wrapped");
    }

    /// <summary>Bytes allocated per JSON write of <paramref name="value"/> the way SignalR's JSON hub protocol writes an argument.</summary>
    private static long AllocatedPerWrite(object value)
    {
        var options = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);
        using var buffer = new System.IO.MemoryStream(4096);
        using var writer = new System.Text.Json.Utf8JsonWriter(buffer);
        void Write()
        {
            buffer.Position = 0;
            writer.Reset(buffer);
            System.Text.Json.JsonSerializer.Serialize(writer, value, value.GetType(), options);
            writer.Flush();
        }

        Write(); // warm up: converters, metadata
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            Write();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
    }

    /// <summary>Makes the router's observer report <paramref name="speakers"/> on the worker, and waits until the loop ran it.</summary>
    private static async Task ReportAsync(TestParticipant any, params ActiveSpeaker[] speakers)
    {
        var room = any.Room;
        await room.Worker.InvokeAsync(() => { room.Router.ActiveSpeakers.Changed!(speakers); return true; });
        await room.InspectAsync(_ => true); // the report was posted before this: it has run
    }
}
