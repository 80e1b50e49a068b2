using Sfu.Core.Ice;
using Sfu.Core.Sdp;
using Sfu.Core.Transport;
using Sfu.Signaling.Contracts;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// A participant in a room: its signaling connection, its publisher and subscriber transports and what is
/// negotiated on each. Guarded by its room's gate; transports are touched on the room's worker.
/// </summary>
public sealed partial class Participant
{
    public Participant(Room room, string id, string name, string? metadata, string resumeToken)
    {
        Room = room;
        Id = id;
        Name = name;
        Metadata = metadata;
        ResumeToken = resumeToken;
        SubscriberSessionId = (ulong)Random.Shared.NextInt64(1, long.MaxValue);
    }

    public Room Room { get; }

    public string Id { get; }

    public string Name { get; }

    public string? Metadata { get; set; }

    public string ResumeToken { get; }

    /// <summary>The SignalR connection, or null while the participant is within its reconnect grace period.</summary>
    public string? ConnectionId { get; set; }

    public bool Left { get; set; }

    public CancellationTokenSource? GraceTimer { get; set; }

    // Publisher side: the client offers, we answer.
    public WebRtcTransport? Publisher { get; set; }

    public string? PublisherRemoteUfrag { get; set; }

    public Dictionary<string, PublishedTrackEntry> PublishedByMid { get; } = new(StringComparer.Ordinal);

    // Subscriber side: we offer, the client answers.
    public WebRtcTransport? Subscriber { get; set; }

    public IceCredentials? SubscriberIce { get; set; }

    public ulong SubscriberSessionId { get; }

    public List<SubscriberSection> Sections { get; } = new();

    public int OfferVersion { get; set; }

    /// <summary>The offer awaiting its answer, if any.</summary>
    public SessionDescription? PendingOffer { get; set; }

    /// <summary>What the last offer carried (mid → track), to skip offers that would change nothing.</summary>
    public string? LastOfferedSignature { get; set; }

    /// <summary>Something changed while an offer was pending: offer again after the answer.</summary>
    public bool NeedsRenegotiation { get; set; }

    public ParticipantInfo ToInfo() => new(Id, Name, Metadata, PublishedByMid.Values.Select(t => t.ToInfo()).ToList());
}
