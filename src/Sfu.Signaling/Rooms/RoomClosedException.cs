namespace Sfu.Signaling.Rooms;

/// <summary>
/// The room closed before it could run the request (its last participant left, or an admin deleted it). A join that
/// meets it is retried in a new room of the same name.
/// </summary>
public sealed class RoomClosedException : RoomException
{
    public RoomClosedException(string room)
        : base($"Room '{room}' just closed; join again.")
    {
        Room = room;
    }

    public string Room { get; }
}
