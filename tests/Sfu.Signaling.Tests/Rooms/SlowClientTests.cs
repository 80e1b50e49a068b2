using Microsoft.Extensions.Logging.Abstractions;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Contracts;
using Sfu.Signaling.Outgoing;
using Sfu.Signaling.Tests.Infrastructure;
using Sfu.Signaling.Tests.Outgoing;

namespace Sfu.Signaling.Tests.Rooms;

/// <summary>A participant whose client stops reading delays nobody and is cut off when its queue is full.</summary>
public sealed class SlowClientTests : IDisposable
{
    private readonly RoomTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task JoinsAndLeavesGoOnWhileOneClientReadsNothingUntilItsQueueOverflows()
    {
        var name = RoomTestHost.NewRoomName();
        var stalled = new FakeRoomClient(stalled: true);
        int closed = 0;
        var queue = new OutgoingQueue("slow", stalled, new OutgoingQueueLimits(64, 1024 * 1024), _ => Interlocked.Increment(ref closed), _host.Metrics, NullLogger.Instance);
        var (slow, _) = await _host.Rooms.JoinAsync(new JoinRequest(name, "Slow"), new JoinAuthorization(null, null, ParticipantGrants.Default), queue);

        // Others join with 4 kB of metadata and leave; every message to Slow piles up behind the first, which hangs.
        var metadata = new string('m', 4096);
        int cycles = 0;
        while (Volatile.Read(ref closed) == 0 && cycles < 200)
        {
            var other = new RecordingNotifier();
            var (p, _) = await _host.Rooms.JoinAsync(new JoinRequest(name, "Other", metadata), new JoinAuthorization(null, null, ParticipantGrants.Default), other)
                .WaitAsync(TimeSpan.FromSeconds(10)); // a room that waited for Slow would never finish
            await p.Room.LeaveAsync(p, "left").WaitAsync(TimeSpan.FromSeconds(10));
            cycles++;
        }

        // 64 messages at two per cycle (ParticipantJoined, ParticipantLeft), the first stuck in the client.
        Assert.Equal(1, closed);
        Assert.InRange(cycles, 30, 34);
        Assert.True(queue.HasOverflowed);
        Assert.Equal(1, stalled.Started);
        Assert.False(slow.Left); // closing the connection is the hub's part: the participant then has its grace period
    }
}
