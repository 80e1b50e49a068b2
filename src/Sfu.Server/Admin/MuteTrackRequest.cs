namespace Sfu.Server.Admin;

/// <summary><c>POST /api/rooms/{room}/participants/{id}/tracks/{trackId}/mute</c>: <c>{"muted": true}</c>.</summary>
public sealed record MuteTrackRequest(bool? Muted);
