namespace Sfu.Server.Webhooks;

/// <summary>The participant a webhook is about.</summary>
public sealed record WebhookParticipant(string Id, string? Identity, string? Name);
