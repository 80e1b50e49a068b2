using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Sfu.Signaling.Rooms;

namespace Sfu.Server.Tests.Hubs;

/// <summary>
/// A participant whose hub connection stops reading (it keeps sending pings) through the real server on real sockets:
/// nobody else waits for it, and it is disconnected when its outgoing queue is full.
/// </summary>
public sealed class SlowReaderTests
{
    [Fact]
    public async Task AClientThatStopsReadingDelaysNoJoinAndIsDisconnectedWhenItsQueueIsFull()
    {
        using var host = new KestrelHubHost(new()
        {
            ["Sfu:Rooms:SignalingQueueMessages"] = "64",
            ["Sfu:Rooms:ReconnectGraceSeconds"] = "600",
            ["Sfu:RateLimits:HubJoinPerConnection:PermitLimit"] = "0", // one connection joins and leaves up to 2,000 times
        });
        var rooms = host.Services.GetRequiredService<RoomManager>();
        var room = "slow" + Guid.NewGuid().ToString("N")[..8];
        await using var slow = await host.ConnectAsync(receiveBufferSize: 4096);
        var slowId = (await slow.InvokeAsync("Join", new { room, name = "Slow" })).GetProperty("participantId").GetString()!;
        slow.StopReading();

        // Others join with 4 kB of metadata and leave, as in the report: every join sends Slow a 4 kB ParticipantJoined.
        await using var other = await host.ConnectAsync();
        var metadata = new string('m', 4096);
        var joins = new List<TimeSpan>();
        bool SlowConnected() => rooms.TryGet(room, out var r) && r!.FindParticipant(slowId) is { Connected: true };
        while (SlowConnected() && joins.Count < 2000)
        {
            var clock = Stopwatch.StartNew();
            await other.InvokeAsync("Join", new { room, name = "Other", metadata }).WaitAsync(TimeSpan.FromSeconds(30));
            joins.Add(clock.Elapsed);
            await other.InvokeAsync("Leave").WaitAsync(TimeSpan.FromSeconds(30));
        }

        // Slow was cut off (its queue overflowed) and is in its grace period; nobody waited for it meanwhile.
        Assert.False(SlowConnected(), $"Slow was not disconnected after {joins.Count} joins");
        Assert.NotNull(rooms.TryGet(room, out var open) ? open!.FindParticipant(slowId) : null);
        var slowest = joins.Max();
        Assert.True(slowest < TimeSpan.FromSeconds(1), $"a join took {slowest.TotalMilliseconds:F0} ms while Slow did not read ({joins.Count} joins)");

        // The connection is closed on the server's side: Slow's next ping fails.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!slow.Closed && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.True(slow.Closed, "Slow's connection is still open");
    }
}
