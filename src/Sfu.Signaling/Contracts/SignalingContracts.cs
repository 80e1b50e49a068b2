namespace Sfu.Signaling.Contracts;

// The wire contract of the room hub (/hubs/room). JSON property names are camelCase (SignalR's default).
// docs/signaling-protocol.md describes the flow; the JS client (src/Sfu.Server/Client) implements the other side.

/// <summary>Where a track comes from, as the client declares it.</summary>
public static class TrackSources
{
    public const string Camera = "camera";
    public const string Microphone = "microphone";
    public const string ScreenShare = "screen";
    public const string ScreenShareAudio = "screen-audio";
    public const string Unknown = "unknown";
}

/// <summary>
/// Join a room: <c>Join(JoinRequest)</c>. <see cref="Token"/>: the join token, when it was not (or not yet) in hand
/// as the connection's access token (the JS client fetches it while the connection opens); it takes precedence over
/// the access token. <see cref="Publish"/>: the publisher connection's first offer, answered in
/// <see cref="JoinResponse.Publish"/> as <c>Publish</c> would, which saves the client a round trip.
/// </summary>
public sealed record JoinRequest(string Room, string Name, string? Metadata = null, string? Token = null, PublishRequest? Publish = null);

/// <summary>
/// The server tells a participant to move (<c>Moving(MoveInfo)</c>): this node drains. The client leaves and joins the
/// same room again, after <see cref="RetryAfterMs"/>, at <see cref="Url"/> (a hub URL) or, when it is null, at the URL it
/// came from; it publishes its tracks again. <see cref="Reason"/>: why (<c>node-draining</c>). A
/// <c>Disconnected(reason)</c> follows, for clients that do not move.
/// </summary>
public sealed record MoveInfo(string Reason, int RetryAfterMs, string? Url = null);

/// <summary>A published track as others see it.</summary>
public sealed record TrackInfo(string TrackId, string Kind, string Source, bool Muted, string? Name = null, int? Width = null, int? Height = null, bool Simulcast = false);

/// <summary>
/// A participant as others see it. <see cref="Reconnecting"/>: its signaling connection dropped and it is within its
/// reconnect grace period (its media may be frozen); <c>ParticipantResumed</c> follows when it is back.
/// </summary>
public sealed record ParticipantInfo(string ParticipantId, string Name, string? Metadata, IReadOnlyList<TrackInfo> Tracks, bool Reconnecting = false);

/// <summary>An ICE server for the client's RTCPeerConnection configuration.</summary>
public sealed record IceServerInfo(IReadOnlyList<string> Urls, string? Username = null, string? Credential = null);

/// <summary>
/// The answer to <c>Join</c>: who I am, who is there, how to resume after a lost connection. When the request carried
/// a publisher offer: <see cref="Publish"/> is its answer, or <see cref="PublishError"/> says why it was refused (the
/// participant joined all the same, publishing nothing). In a cluster, a Join for a room another node hosts is
/// answered with <see cref="Redirect"/> instead (and empty other fields): the client connects to that node's hub and
/// joins there.
/// </summary>
public sealed record JoinResponse(
    string ParticipantId,
    string Room,
    string ResumeToken,
    IReadOnlyList<ParticipantInfo> Participants,
    IReadOnlyList<IceServerInfo> IceServers,
    PublishResponse? Publish = null,
    string? PublishError = null)
{
    /// <summary>Set when the room lives on another node: join there. Absent from the JSON otherwise.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public JoinRedirect? Redirect { get; init; }

    /// <summary>The answer to a Join for <paramref name="room"/>, which lives on another node.</summary>
    public static JoinResponse RedirectTo(string room, JoinRedirect redirect) => new(string.Empty, room, string.Empty, [], []) { Redirect = redirect };
}

/// <summary>
/// Where a room lives in a cluster: <see cref="Url"/>, the room hub of the node <see cref="Node"/> that hosts it. The
/// same join token is valid there (every node of a cluster shares the signing keys).
/// </summary>
public sealed record JoinRedirect(string Url, string Node);

/// <summary>
/// A track the client publishes in the publisher connection's offer, by its transceiver mid. <see cref="Width"/> and
/// <see cref="Height"/>: the source's size (the top simulcast layer's), which maps subscribers' size limits onto
/// layers until the layers' frame sizes are seen.
/// </summary>
public sealed record PublishTrack(string Mid, string Kind, string Source, string? Name = null, int? Width = null, int? Height = null);

/// <summary>
/// <c>Publish(PublishRequest)</c>: the publisher connection's offer and what each sending m-section carries.
/// Sent again (a new offer) whenever the client adds, replaces or removes a track; m-sections no longer
/// sending are unpublished.
/// </summary>
public sealed record PublishRequest(string Sdp, IReadOnlyList<PublishTrack> Tracks);

/// <summary>The server's answer for the publisher connection, and the ids it gave the new tracks (mid → trackId).</summary>
public sealed record PublishResponse(string Sdp, IReadOnlyDictionary<string, string> TrackIds);

/// <summary>Which subscriber m-section carries which remote track.</summary>
public sealed record SubscribedTrack(string Mid, string TrackId, string ParticipantId, string Kind, string Source);

/// <summary>The server's offer for the subscriber connection (server → client <c>SubscriberOffer</c>).</summary>
public sealed record SubscriberOffer(int Version, string Sdp, IReadOnlyList<SubscribedTrack> Tracks);

/// <summary><c>SubscriberAnswer(SubscriberAnswerRequest)</c>: the client's answer to offer <see cref="Version"/>.</summary>
public sealed record SubscriberAnswerRequest(int Version, string Sdp);

/// <summary><c>Trickle(TrickleRequest)</c>: a client ICE candidate. Target is "publisher" or "subscriber".</summary>
public sealed record TrickleRequest(string Target, string Candidate, string? SdpMid, int? SdpMLineIndex);

/// <summary><c>SetTrackMuted(MuteRequest)</c>: the publisher mutes or unmutes its own track.</summary>
public sealed record MuteRequest(string TrackId, bool Muted);

/// <summary>
/// <c>SetSubscriptionPreference(SubscriptionPreference)</c>: how a subscriber wants a track. <see cref="Paused"/>: nothing
/// is forwarded (the tile is hidden); null leaves it as it is. The layer limits pick the simulcast layer the server
/// forwards (bandwidth permitting): <see cref="MaxSpatialLayer"/> 0 (the lowest layer) to 2 (the highest), and
/// <see cref="MaxWidth"/> x <see cref="MaxHeight"/> (1-16384, the tile's size in device pixels: the lowest layer
/// whose frames are at least that large is chosen). The three limits are set together: a call giving any of them
/// replaces all three (one left out means no limit on it); a call giving none of them leaves them as they are.
/// </summary>
public sealed record SubscriptionPreference(string TrackId, bool? Paused = null, int? MaxWidth = null, int? MaxHeight = null, int? MaxSpatialLayer = null);

/// <summary><c>Resume(ResumeRequest)</c>: re-attach to a participant after a lost connection, within the grace period.</summary>
public sealed record ResumeRequest(string ParticipantId, string ResumeToken);
