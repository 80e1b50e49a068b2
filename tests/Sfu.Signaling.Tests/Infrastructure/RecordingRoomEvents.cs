using System.Collections.Concurrent;
using Sfu.Signaling.Events;

namespace Sfu.Signaling.Tests.Infrastructure;

/// <summary>Room events (what webhooks would send), recorded.</summary>
public sealed class RecordingRoomEvents : IRoomEvents
{
    private readonly ConcurrentQueue<RoomEvent> _events = new();

    public IReadOnlyList<RoomEvent> Events => _events.ToList();

    public void Publish(RoomEvent roomEvent) => _events.Enqueue(roomEvent);
}
