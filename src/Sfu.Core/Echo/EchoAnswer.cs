namespace Sfu.Core.Echo;

/// <summary>The result of an echo offer: the session's id and the SDP answer.</summary>
public sealed record EchoAnswer(string SessionId, string Sdp);
