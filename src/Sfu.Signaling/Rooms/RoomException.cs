namespace Sfu.Signaling.Rooms;

/// <summary>
/// A room refused a request. The message is meant for the caller and says what is wrong ("Room 'x' is full (100
/// participants)."); the signaling adapter hands it to the client as it is.
/// </summary>
public class RoomException : Exception
{
    public RoomException(string message)
        : base(message)
    {
    }
}
