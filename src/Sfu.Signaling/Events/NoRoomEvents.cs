namespace Sfu.Signaling.Events;

/// <summary>Drops every event (the default when nothing listens).</summary>
public sealed class NoRoomEvents : IRoomEvents
{
    public void Publish(RoomEvent roomEvent)
    {
    }
}
