namespace Sfu.Core.Forwarding;

/// <summary>
/// Which spatial layer a simulcast down-track should forward, and why its target moved: pure functions of the
/// subscriber's preference ceiling, the allocator's grant, the layers the publisher is sending and the current target.
/// The stateful part (moving to the target at its keyframe) is <see cref="SimulcastLayerSwitch"/>.
/// </summary>
/// <remarks>Allocation-free; no clock, no track: everything it decides on is an argument.</remarks>
internal static class LayerSelector
{
    /// <summary>
    /// The ceiling on the layer: the lowest of the preference, the allocation (null: no allocator limits the
    /// down-track) and the track's top layer.
    /// </summary>
    public static SpatialLayer Ceiling(SpatialLayer preferenceCeiling, SpatialLayer? allocation, int layerCount)
    {
        SpatialLayer ceiling = SpatialLayer.Min(preferenceCeiling, SpatialLayer.Top(layerCount));
        return allocation is { } allocated ? SpatialLayer.Min(ceiling, allocated) : ceiling;
    }

    /// <summary>
    /// The layer to forward now: the highest live layer at or below the ceiling (<see cref="Ceiling"/>); when none at or
    /// below it is live, the lowest live one above it (a picture beats none); when none is live at all, the current
    /// target is kept (or, before there is one, the ceiling is aimed at).
    /// </summary>
    /// <param name="preferenceCeiling">The highest layer the subscriber's preference allows.</param>
    /// <param name="allocation">The layer the stream allocator granted; null when no allocator limits the down-track.</param>
    /// <param name="live">The layers the publisher is sending now.</param>
    /// <param name="currentTarget">The target so far (<see cref="SpatialLayer.None"/> before the first).</param>
    /// <param name="layerCount">The track's number of layers.</param>
    public static SpatialLayer ChooseTarget(SpatialLayer preferenceCeiling, SpatialLayer? allocation, SpatialLayerSet live, SpatialLayer currentTarget, int layerCount)
    {
        SpatialLayer ceiling = Ceiling(preferenceCeiling, allocation, layerCount);
        SpatialLayer below = live.HighestAtOrBelow(ceiling);
        if (!below.IsNone)
        {
            return below;
        }

        SpatialLayer above = live.LowestAbove(ceiling);
        if (!above.IsNone && above.Value < layerCount)
        {
            return above;
        }

        return currentTarget.IsNone ? ceiling : currentTarget;
    }

    /// <summary>
    /// Why the target moves from <paramref name="previousTarget"/> to a new one under <paramref name="ceiling"/>: the
    /// start when there was none; the wanted layer not being sent when the new target is below the ceiling; a layer
    /// becoming available when the ceiling is the one of the previous target (so only the live layers changed);
    /// otherwise whatever moved the ceiling (<paramref name="ceilingReason"/>: preference or bandwidth).
    /// </summary>
    /// <param name="previousTarget">The target before (<see cref="SpatialLayer.None"/> for none).</param>
    /// <param name="newTarget">The target chosen now.</param>
    /// <param name="ceiling">The ceiling the new target was chosen under.</param>
    /// <param name="ceilingAtPreviousTarget">The ceiling when the previous target was chosen; null before any.</param>
    /// <param name="ceilingReason">What last moved the ceiling.</param>
    public static LayerChangeReason ReasonForTarget(
        SpatialLayer previousTarget, SpatialLayer newTarget, SpatialLayer ceiling, SpatialLayer? ceilingAtPreviousTarget, LayerChangeReason ceilingReason) =>
        previousTarget.IsNone ? LayerChangeReason.Start
        : newTarget < ceiling ? LayerChangeReason.LayerUnavailable
        : ceiling == ceilingAtPreviousTarget ? LayerChangeReason.LayerAvailable
        : ceilingReason;
}
