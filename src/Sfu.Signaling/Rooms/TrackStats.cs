namespace Sfu.Signaling.Rooms;

/// <summary>
/// Statistics of one track of a participant. Direction <c>in</c>: a track it publishes (what the server receives,
/// summed over simulcast layers); <c>out</c>: a track it receives from the server. Bitrates are averaged since the
/// previous stats request for that participant (null on the first).
/// </summary>
public sealed record TrackStats(
    string TrackId,
    string Direction,
    string Kind,
    long Packets,
    long Bytes,
    long? BitrateBps,
    long PacketsLost,
    double FractionLost,
    double Jitter,
    double? RoundTripTimeMs,
    long KeyframeRequests,
    int? CurrentLayer,
    int Layers,
    bool Muted);
