namespace Sfu.Server.Admin;

/// <summary>
/// <c>POST /api/rooms/{room}/data</c>: a data message from the server to everyone in the room, or to
/// <c>destinations</c> (participant ids). Give the payload as <c>text</c> (arrives as a string) or <c>base64</c>
/// (arrives as bytes); <c>reliable</c> is true unless false.
/// </summary>
public sealed record SendDataRequest(string? Text, string? Base64, string? Topic, bool? Reliable, List<string>? Destinations);
