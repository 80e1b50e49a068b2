namespace Sfu.Signaling.Rooms;

/// <summary>
/// Statistics of one track of a participant. Direction <c>in</c>: a track it publishes (what the server receives,
/// summed over simulcast layers, and per layer in <see cref="ReceivedLayers"/>); <c>out</c>: a track it receives from
/// the server, with the layer decisions for it. Bitrates are averaged since the previous stats request for that
/// participant (null on the first). Layers are spatial qualities, 0 = lowest. Fields of the other direction are null.
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
    bool Muted)
{
    /// <summary>In: each layer the publisher sends (the simulcast rids, or one stream).</summary>
    public IReadOnlyList<ReceivedLayerStats>? ReceivedLayers { get; init; }

    /// <summary>Received microphone tracks: the smoothed audio level the active speaker detection sees (0-1 linear amplitude).</summary>
    public double? AudioLevel { get; init; }

    /// <summary>Out (video): the layer the down-track moves to at its next keyframe (-1: none, paused).</summary>
    public int? TargetLayer { get; init; }

    /// <summary>Out (video): the layer the allocator granted from the bandwidth estimate (-1: paused for lack of it); null without an allocator.</summary>
    public int? AllocatedLayer { get; init; }

    /// <summary>
    /// Out: why the allocator chose that layer: <c>preferred</c>, <c>bandwidthLimited</c>, <c>holdingAfterDrop</c>,
    /// <c>pausedBySubscriber</c>, <c>pausedNoBandwidth</c>, <c>audio</c>.
    /// </summary>
    public string? AllocationReason { get; init; }

    /// <summary>Out (video): paused by the allocator because not even the lowest layer fits the estimate.</summary>
    public bool? PausedByAllocator { get; init; }

    /// <summary>Out: paused by the subscriber (its preference).</summary>
    public bool? Paused { get; init; }

    /// <summary>Out (video): the subscriber's preference: highest layer (2 when it set none), largest width and height (null: none).</summary>
    public int? PreferredMaxLayer { get; init; }

    /// <inheritdoc cref="PreferredMaxLayer"/>
    public int? PreferredMaxWidth { get; init; }

    /// <inheritdoc cref="PreferredMaxLayer"/>
    public int? PreferredMaxHeight { get; init; }

    /// <summary>Out: the subscriber's bandwidth estimate (bit/s), null while it gives no feedback.</summary>
    public long? BandwidthEstimateBps { get; init; }

    /// <summary>Out (video): layer switches made (the first layer not counted).</summary>
    public long? LayerSwitches { get; init; }

    /// <summary>Out (video): the most recent layer switches with their reasons, oldest first.</summary>
    public IReadOnlyList<LayerSwitchStats>? RecentLayerSwitches { get; init; }

    /// <summary>Out: NACK messages received from the subscriber.</summary>
    public long? NacksReceived { get; init; }

    /// <summary>Out: packets resent to the subscriber (RTX or plain) in answer to its NACKs.</summary>
    public long? RetransmissionsSent { get; init; }
}
