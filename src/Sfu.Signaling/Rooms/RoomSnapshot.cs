namespace Sfu.Signaling.Rooms;

/// <summary>
/// A room's state as its loop last published it (after every command): immutable, safe to read on any thread.
/// Admin lists, stats entry points, metrics and resuming read this, never the live state the loop owns.
/// </summary>
public sealed class RoomSnapshot
{
    public static RoomSnapshot Empty { get; } = new(Array.Empty<ParticipantSnapshot>(), null, 0, false);

    public RoomSnapshot(IReadOnlyList<ParticipantSnapshot> participants, string? metadata, int downTracks, bool closed)
    {
        Participants = participants;
        Metadata = metadata;
        DownTracks = downTracks;
        Closed = closed;
    }

    /// <summary>The participants, in the order they joined.</summary>
    public IReadOnlyList<ParticipantSnapshot> Participants { get; }

    /// <summary>The room's metadata (an admin can change it).</summary>
    public string? Metadata { get; }

    /// <summary>Subscribed tracks with a down-track: a published track forwarded to one subscriber.</summary>
    public int DownTracks { get; }

    public bool Closed { get; }

    public bool IsEmpty => Participants.Count == 0;

    /// <summary>The participant with <paramref name="participantId"/>, or null.</summary>
    public ParticipantSnapshot? Find(string participantId)
    {
        foreach (var p in Participants)
        {
            if (string.Equals(p.Id, participantId, StringComparison.Ordinal))
            {
                return p;
            }
        }

        return null;
    }
}
