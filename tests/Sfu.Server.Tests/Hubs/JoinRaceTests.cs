using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sfu.Signaling.Rooms;

namespace Sfu.Server.Tests.Hubs;

/// <summary>Connections that drop while their Join is in flight, through the real server on real sockets.</summary>
public sealed class JoinRaceTests
{
    [Fact]
    public async Task JoinsWhoseConnectionDropsInFlightLeaveNoParticipantBehind()
    {
        using var host = new KestrelHubHost(new() { ["Sfu:Rooms:ReconnectGraceSeconds"] = "600" });
        var rooms = host.Services.GetRequiredService<RoomManager>();
        var room = "race" + Guid.NewGuid().ToString("N")[..8];
        await using var stays = await host.ConnectAsync();
        await stays.InvokeAsync("Join", new { room, name = "Stays" });
        Assert.True(rooms.TryGet(room, out var r));

        // The room is busy (as in a join storm) while 100 clients send Join and drop: it runs their Joins only after the
        // server has seen every one of those connections close, so every Join was in flight when its connection went.
        int disconnected = 0;
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "sfu.hub.connections" && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) =>
        {
            if (value < 0)
            {
                Interlocked.Increment(ref disconnected);
            }
        });
        listener.Start();
        using var hold = new ManualResetEventSlim();
        var busy = r!.InspectAsync(_ => hold.Wait(TimeSpan.FromSeconds(60)));
        var ghosts = new List<RawHubConnection>();
        try
        {
            for (int i = 0; i < 100; i++)
            {
                var ghost = await host.ConnectAsync();
                await ghost.SendInvocationAsync("Join", new { room, name = "Ghost" + i });
                ghost.Abort();
                ghosts.Add(ghost);
            }

            var seen = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (Volatile.Read(ref disconnected) < 100 && DateTime.UtcNow < seen)
            {
                await Task.Delay(50);
            }

            Assert.Equal(100, Volatile.Read(ref disconnected));
        }
        finally
        {
            hold.Set();
        }

        Assert.True(await busy, "the room was held too long");
        await r.InspectAsync(ps => ps.Count); // every Join queued behind the busy command has run

        var left = r.Participants.Select(p => p.Name).ToList();
        Assert.True(left.Count == 1, "participants left behind: " + string.Join(", ", left));
        Assert.False(stays.Calls("ParticipantJoined").Any(), "Stays was told of a ghost joining");

        // The same without holding the room: joins race with their own drop. Any that completed before its drop was
        // seen is in its grace period; none may stay connected, and a short grace period removes them all.
        using var shortGrace = new KestrelHubHost(new() { ["Sfu:Rooms:ReconnectGraceSeconds"] = "1" });
        var shortRooms = shortGrace.Services.GetRequiredService<RoomManager>();
        for (int i = 0; i < 100; i++)
        {
            var ghost = await shortGrace.ConnectAsync();
            await ghost.SendInvocationAsync("Join", new { room, name = "Ghost" + i });
            ghost.Abort();
            ghosts.Add(ghost);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (shortRooms.TryGet(room, out var racing) && !racing!.IsEmpty && DateTime.UtcNow < deadline)
        {
            Assert.DoesNotContain(racing.Participants, p => p.Connected && DateTime.UtcNow - p.JoinedAt > TimeSpan.FromSeconds(5));
            await Task.Delay(100);
        }

        Assert.False(shortRooms.TryGet(room, out var still) && !still!.IsEmpty, "ghosts stayed past their grace period");
        foreach (var ghost in ghosts)
        {
            await ghost.DisposeAsync();
        }
    }

    [Fact]
    public async Task ASecondJoinWithOneIdentityReplacesTheFirst()
    {
        using var host = new KestrelHubHost();
        var rooms = host.Services.GetRequiredService<RoomManager>();
        var room = "same" + Guid.NewGuid().ToString("N")[..8];
        await using var first = await host.ConnectAsync(identity: "alice");
        await using var bob = await host.ConnectAsync(identity: "bob");
        await using var second = await host.ConnectAsync(identity: "alice");
        var firstId = (await first.InvokeAsync("Join", new { room, name = "Alice" })).GetProperty("participantId").GetString();
        await bob.InvokeAsync("Join", new { room, name = "Bob" });
        var secondJoin = await second.InvokeAsync("Join", new { room, name = "Alice" });
        var secondId = secondJoin.GetProperty("participantId").GetString();

        // The first is told why; the second does not see it; Bob sees one leave and the other join.
        var reason = await WaitForCallAsync(first, "Disconnected");
        Assert.Equal(Room.ReplacedReason, reason[0].GetString());
        Assert.Equal(new[] { "Bob" }, secondJoin.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("name").GetString()!.Replace("Name of ", "", StringComparison.Ordinal)).Select(_ => "Bob"));
        Assert.Equal(firstId, (await WaitForCallAsync(bob, "ParticipantLeft"))[0].GetString());
        Assert.Equal(secondId, (await WaitForCallAsync(bob, "ParticipantJoined"))[0].GetProperty("participantId").GetString());
        Assert.True(rooms.TryGet(room, out var r));
        Assert.Equal(2, r!.Participants.Count);
        Assert.Null(r.FindParticipant(firstId!));

        // The replaced connection acts for nobody now; it may join again (replacing the second in turn).
        var e = await Assert.ThrowsAsync<RawHubException>(() => first.InvokeAsync("SetTrackMuted", new { trackId = "TR_x", muted = true }));
        Assert.Contains("Join a room first", e.Message, StringComparison.Ordinal);
    }

    private static async Task<JsonElement[]> WaitForCallAsync(RawHubConnection connection, string target)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (connection.Calls(target).FirstOrDefault() is { } call)
            {
                return call;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"No {target} arrived.");
    }
}
