namespace Sfu.Server.Webhooks;

/// <summary>The track a webhook is about.</summary>
public sealed record WebhookTrack(string Id, string? Kind, string? Source);
