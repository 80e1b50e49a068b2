using Sfu.Core.Ice;
using Sfu.Core.Transport;
using Sfu.Signaling.Contracts;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// A participant in a room: where its messages go, its publisher and subscriber transports and what is negotiated on
/// each. Owned by its room's loop: only the loop reads or changes it (transports themselves are touched on the room's
/// worker). Other threads read <see cref="Room.Snapshot"/>; <see cref="Left"/> is the one flag published for them.
/// </summary>
public sealed partial class Participant
{
    private volatile bool _left;
    private ParticipantSnapshot? _snapshot;

    internal Participant(Room room, string id, string name, string? metadata, string resumeToken, DateTimeOffset joinedAt)
    {
        Room = room;
        Id = id;
        Name = name;
        Metadata = metadata;
        ResumeToken = resumeToken;
        JoinedAt = joinedAt;
        SubscriberSessionId = (ulong)Random.Shared.NextInt64(1, long.MaxValue);
    }

    public Room Room { get; }

    public string Id { get; }

    public string Name { get; }

    public string? Metadata { get; internal set; }

    /// <summary>The secret <c>Resume</c> needs; compared on the room's loop only.</summary>
    internal string ResumeToken { get; }

    /// <summary>Where messages to this participant go, or null while it is within its reconnect grace period.</summary>
    public IParticipantNotifier? Notifier { get; internal set; }

    /// <summary>True once the participant is removed from its room (set by the loop; readable on any thread).</summary>
    public bool Left => _left;

    /// <summary>When the reconnect grace period runs out; null while connected.</summary>
    internal ITimer? GraceTimer { get; set; }

    /// <summary>
    /// True while a transport lost ICE consent with the signaling connection still there (a network problem): others
    /// see the participant as reconnecting, its ICE restarts, and it leaves if consent stays lost for the grace period
    /// (set by the room's <see cref="PeerConnectionWatcher"/>, which owns that timer).
    /// </summary>
    internal bool MediaReconnecting { get; set; }

    /// <summary>Whether its peer connections are still there (what its transports reported).</summary>
    internal MediaPresence Presence { get; } = new();

    // Publisher side: the client offers, we answer.
    public WebRtcTransport? Publisher { get; internal set; }

    internal string? PublisherRemoteUfrag { get; set; }

    public Dictionary<string, PublishedTrackEntry> PublishedByMid { get; } = new(StringComparer.Ordinal);

    // Subscriber side: we offer, the client answers.
    public WebRtcTransport? Subscriber { get; internal set; }

    internal IceCredentials? SubscriberIce { get; set; }

    internal ulong SubscriberSessionId { get; }

    /// <summary>The subscriber connection's m-sections, in mid order; inactive ones are reused by new tracks of their kind.</summary>
    public List<SubscriberSection> Sections { get; } = new();

    internal int OfferVersion { get; set; }

    /// <summary>The offer awaiting its answer, if any.</summary>
    internal Sfu.Core.Sdp.SessionDescription? PendingOffer { get; set; }

    /// <summary>What the last offer carried (mid → track), to skip offers that would change nothing.</summary>
    internal string? LastOfferedSignature { get; set; }

    /// <summary>Something changed while an offer was pending: offer again after the answer.</summary>
    internal bool NeedsRenegotiation { get; set; }

    internal void MarkLeft() => _left = true;

    public ParticipantInfo ToInfo() => new(Id, Name, Metadata, PublishedByMid.Values.Select(t => t.ToInfo()).ToList(), Reconnecting: Notifier is null || MediaReconnecting);

    /// <summary>Something the snapshot shows changed (connection, metadata, grants, tracks, down-tracks): rebuild it.</summary>
    internal void Touch() => _snapshot = null;

    /// <summary>The immutable view of this participant for other threads, rebuilt only after <see cref="Touch"/>.</summary>
    internal ParticipantSnapshot ToSnapshot()
    {
        if (_snapshot is null)
        {
            _snapshot = new ParticipantSnapshot(
                Id, Identity, Name, Metadata, Notifier is not null, JoinedAt, Grants, PublishedByMid.Values.Select(t => t.ToInfo()).ToList());
            DownTrackCount = Sections.Count(s => s.DownTrack is not null);
        }

        return _snapshot;
    }

    /// <summary>Down-tracks of this subscriber when <see cref="ToSnapshot"/> last rebuilt.</summary>
    internal int DownTrackCount { get; private set; }
}
