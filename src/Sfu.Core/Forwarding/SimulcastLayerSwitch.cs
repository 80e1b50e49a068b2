namespace Sfu.Core.Forwarding;

/// <summary>
/// Follows the layer the stream allocator chose (<see cref="Target"/>) at packet granularity: the forwarded layer
/// (<see cref="Current"/>) keeps flowing until a keyframe of the target arrives, and the switch happens exactly at that
/// keyframe, up or down alike; meanwhile each decision names the target as the layer to ask a keyframe of (the caller
/// throttles the requests: <see cref="RoomRouter.RequestKeyframe"/> sends at most one per layer per interval). When
/// nothing is forwarded yet (start, resume), a keyframe of any layer up to the target starts the stream at once, and the
/// target's own keyframe is still asked for, so video shows quickly and then climbs. A target of -1 pauses at once.
/// </summary>
/// <remarks>
/// Layers are indices of the allocator's order (0 = lowest quality). Pure; allocates nothing. One per simulcast
/// down-track.
/// </remarks>
internal sealed class SimulcastLayerSwitch
{
    private readonly int _layerCount;

    /// <summary>Creates a switch for <paramref name="layerCount"/> layers, nothing forwarded and no target.</summary>
    public SimulcastLayerSwitch(int layerCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(layerCount);
        _layerCount = layerCount;
    }

    /// <summary>The layer being forwarded; -1 for none.</summary>
    public int Current { get; private set; } = -1;

    /// <summary>The layer wanted; -1 = paused.</summary>
    public int Target { get; private set; } = -1;

    /// <summary>True while the forwarded layer differs from the wanted one.</summary>
    public bool IsSwitching => Current != Target;

    /// <summary>Sets the wanted layer (the allocator's target). -1 stops forwarding at once.</summary>
    public void SetTarget(int layer)
    {
        Target = Math.Clamp(layer, -1, _layerCount - 1);
        if (Target < 0)
        {
            Current = -1;
        }
    }

    /// <summary>
    /// The layers were renumbered (their quality order became known): the layer being forwarded is now
    /// <paramref name="current"/>. The target is chosen again by the caller.
    /// </summary>
    public void Remap(int current) => Current = Math.Clamp(current, -1, _layerCount - 1);

    /// <summary>Decides about one packet of <paramref name="layer"/>.</summary>
    public LayerSwitchDecision OnPacket(int layer, bool keyframe)
    {
        if (Target < 0 || layer < 0 || layer >= _layerCount)
        {
            return new LayerSwitchDecision(LayerSwitchAction.Ignore, -1);
        }

        if (Current == Target)
        {
            return new LayerSwitchDecision(layer == Current ? LayerSwitchAction.Forward : LayerSwitchAction.Ignore, -1);
        }

        if (keyframe && (layer == Target || (Current < 0 && layer < Target)))
        {
            Current = layer;
            return new LayerSwitchDecision(LayerSwitchAction.Switch, Current == Target ? -1 : Target);
        }

        LayerSwitchAction action = layer == Current ? LayerSwitchAction.Forward : LayerSwitchAction.Ignore;
        return new LayerSwitchDecision(action, Target);
    }
}
