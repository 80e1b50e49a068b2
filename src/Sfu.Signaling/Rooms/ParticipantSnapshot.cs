using Sfu.Signaling.Auth;
using Sfu.Signaling.Contracts;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// A participant as its room's loop last published it: immutable, safe to read on any thread.
/// <paramref name="Connected"/> is false while it is within its reconnect grace period.
/// </summary>
public sealed record ParticipantSnapshot(
    string Id,
    string? Identity,
    string Name,
    string? Metadata,
    bool Connected,
    DateTimeOffset JoinedAt,
    ParticipantGrants Grants,
    IReadOnlyList<TrackInfo> Tracks)
{
    /// <summary>How others see it (the wire form).</summary>
    public ParticipantInfo ToInfo() => new(Id, Name, Metadata, Tracks, Reconnecting: !Connected);
}
