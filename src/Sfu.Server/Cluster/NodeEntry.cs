namespace Sfu.Server.Cluster;

/// <summary>
/// A node's registry entry, as JSON under <c>{prefix}node:{id}</c> with a TTL: who it is, where it is reached, and its
/// load when it last wrote. Placement reads every live entry.
/// </summary>
/// <param name="Id">The node's id.</param>
/// <param name="Url">Its public signaling base URL.</param>
/// <param name="MediaAddresses">Its media endpoints (<c>address:port</c>), one per worker and announced address.</param>
/// <param name="Cpu">Its process's CPU use over the last heartbeat, 0-1 of the whole machine.</param>
/// <param name="Rooms">Rooms open on it (and rooms it just won, not yet open).</param>
/// <param name="Participants">Participants in its rooms.</param>
/// <param name="Tracks">Tracks published in its rooms.</param>
/// <param name="ForwardedBitsPerSecond">Media it forwarded to subscribers over the last heartbeat.</param>
/// <param name="MaxParticipants">Its capacity: placement passes it over at this many participants.</param>
/// <param name="Draining">True while it drains: it takes no new rooms.</param>
/// <param name="UpdatedAt">When it wrote this entry.</param>
public sealed record NodeEntry(
    string Id,
    string Url,
    IReadOnlyList<string> MediaAddresses,
    double Cpu,
    int Rooms,
    int Participants,
    int Tracks,
    long ForwardedBitsPerSecond,
    int MaxParticipants,
    bool Draining,
    DateTimeOffset UpdatedAt)
{
    /// <summary>True when placement may give this node a new room.</summary>
    public bool TakesNewRooms => !Draining && Participants < MaxParticipants;
}
