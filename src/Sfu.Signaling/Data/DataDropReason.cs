namespace Sfu.Signaling.Data;

/// <summary>Why a room data message was not forwarded (the <c>reason</c> of <c>sfu.data.dropped</c>).</summary>
public enum DataDropReason : byte
{
    /// <summary>Not a valid publish envelope (wrong type, truncated topic or destinations, text flag on binary).</summary>
    Malformed = 1,

    /// <summary>The sender lacks the canPublishData grant.</summary>
    NotAllowed = 2,

    /// <summary>The payload is larger than <see cref="RoomDataOptions.MaxMessageBytes"/>.</summary>
    TooLarge = 3,

    /// <summary>The sender is over its message or byte rate.</summary>
    RateLimited = 4,

    /// <summary>A receiver's send buffer was full (counted once per receiver that missed it).</summary>
    ReceiverBufferFull = 5,
}
