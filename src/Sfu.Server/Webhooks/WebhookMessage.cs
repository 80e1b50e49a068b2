using Sfu.Signaling.Events;

namespace Sfu.Server.Webhooks;

/// <summary>The JSON body of a webhook: a unique id, the event name, the room, when, and who/which track it is about.</summary>
public sealed record WebhookMessage(string Id, string Event, string Room, DateTimeOffset CreatedAt, WebhookParticipant? Participant, WebhookTrack? Track, string? Reason)
{
    public static WebhookMessage From(RoomEvent e) => new(
        Guid.NewGuid().ToString("N"),
        e.Event,
        e.Room,
        e.At,
        e.ParticipantId is null ? null : new WebhookParticipant(e.ParticipantId, e.Identity, e.Name),
        e.TrackId is null ? null : new WebhookTrack(e.TrackId, e.TrackKind, e.TrackSource),
        e.Reason);
}
