using Sfu.Signaling.Contracts;
using Sfu.Signaling.Rooms;

namespace Sfu.Server.Admin;

/// <summary>A participant as the admin API shows it; state is <c>connected</c> or <c>reconnecting</c> (within its grace period).</summary>
public sealed record ParticipantSummary(string Id, string? Identity, string Name, string? Metadata, string State, DateTimeOffset JoinedAt, GrantsBody Grants, IReadOnlyList<TrackInfo> Tracks)
{
    public static ParticipantSummary From(ParticipantSnapshot p) => new(
        p.Id, p.Identity, p.Name, p.Metadata, p.Connected ? "connected" : "reconnecting", p.JoinedAt, GrantsBody.From(p.Grants), p.Tracks);
}
