namespace Sfu.Core.Forwarding;

/// <summary>
/// Follows the layer the down-track chose (<see cref="Target"/>, from <see cref="LayerSelector"/>) at packet
/// granularity: the forwarded layer (<see cref="Current"/>) keeps flowing until a keyframe of the target arrives, and
/// the switch happens exactly at that keyframe, up or down alike; meanwhile each decision names the target as the layer
/// to ask a keyframe of (the caller throttles the requests: the publisher endpoint sends at most one per layer per
/// interval). When nothing is forwarded yet (start, resume), a keyframe of any layer up to the target starts the stream
/// at once, and the target's own keyframe is still asked for, so video shows quickly and then climbs. A target of
/// <see cref="SpatialLayer.None"/> pauses at once.
/// </summary>
/// <remarks>Works in spatial layers (qualities), never rid indexes. Pure; allocates nothing. One per simulcast down-track.</remarks>
internal sealed class SimulcastLayerSwitch
{
    private readonly int _layerCount;

    /// <summary>Creates a switch for <paramref name="layerCount"/> layers, nothing forwarded and no target.</summary>
    public SimulcastLayerSwitch(int layerCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(layerCount);
        _layerCount = layerCount;
    }

    /// <summary>The layer being forwarded; <see cref="SpatialLayer.None"/> for none.</summary>
    public SpatialLayer Current { get; private set; } = SpatialLayer.None;

    /// <summary>The layer wanted; <see cref="SpatialLayer.None"/> = paused.</summary>
    public SpatialLayer Target { get; private set; } = SpatialLayer.None;

    /// <summary>True while the forwarded layer differs from the wanted one.</summary>
    public bool IsSwitching => Current != Target;

    /// <summary>Sets the wanted layer. <see cref="SpatialLayer.None"/> stops forwarding at once.</summary>
    public void SetTarget(SpatialLayer layer)
    {
        Target = Clamp(layer);
        if (Target.IsNone)
        {
            Current = SpatialLayer.None;
        }
    }

    /// <summary>
    /// The layers were renumbered (their quality order became known): the layer being forwarded is now
    /// <paramref name="current"/>. The target is chosen again by the caller.
    /// </summary>
    public void Remap(SpatialLayer current) => Current = Clamp(current);

    /// <summary>Decides about one packet of spatial layer <paramref name="layer"/>.</summary>
    public LayerSwitchDecision OnPacket(SpatialLayer layer, bool keyframe)
    {
        if (Target.IsNone || layer.IsNone || layer.Value >= _layerCount)
        {
            return new LayerSwitchDecision(LayerSwitchAction.Ignore, SpatialLayer.None);
        }

        if (Current == Target)
        {
            return new LayerSwitchDecision(layer == Current ? LayerSwitchAction.Forward : LayerSwitchAction.Ignore, SpatialLayer.None);
        }

        if (keyframe && (layer == Target || (Current.IsNone && layer < Target)))
        {
            Current = layer;
            return new LayerSwitchDecision(LayerSwitchAction.Switch, Current == Target ? SpatialLayer.None : Target);
        }

        LayerSwitchAction action = layer == Current ? LayerSwitchAction.Forward : LayerSwitchAction.Ignore;
        return new LayerSwitchDecision(action, Target);
    }

    private SpatialLayer Clamp(SpatialLayer layer) => new(Math.Clamp(layer.Value, -1, _layerCount - 1));
}
