namespace Sfu.Signaling.Events;

/// <summary>
/// Receives room events. Called under a room's gate on signaling threads: implementations must return at once
/// (queue the event; never block or throw).
/// </summary>
public interface IRoomEvents
{
    void Publish(RoomEvent roomEvent);
}
