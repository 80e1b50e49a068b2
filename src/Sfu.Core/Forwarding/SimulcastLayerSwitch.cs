namespace Sfu.Core.Forwarding;

/// <summary>
/// Follows the layer the stream allocator chose (<see cref="Target"/>) at packet granularity: the forwarded layer
/// (<see cref="Current"/>) keeps flowing until a keyframe of the target arrives, and the switch happens exactly at that
/// keyframe, up or down alike; meanwhile a keyframe of the target is asked for, at most once per
/// <see cref="KeyframeRequestIntervalUs"/> per layer. When nothing is forwarded yet (start, resume), a keyframe of any
/// layer up to the target starts the stream at once, and the target's own keyframe is still asked for, so video shows
/// quickly and then climbs. A target of -1 pauses at once.
/// </summary>
/// <remarks>
/// Layers are indices of the allocator's order (0 = lowest quality). Pure: the caller supplies the time; no
/// allocation after construction. One per simulcast down-track.
/// </remarks>
internal sealed class SimulcastLayerSwitch
{
    /// <summary>Default least time between two keyframe requests for one layer (about one per second).</summary>
    public const long DefaultKeyframeRequestIntervalUs = 1_000_000;

    private readonly long[] _lastRequestUs;

    /// <summary>Creates a switch for <paramref name="layerCount"/> layers, nothing forwarded and no target.</summary>
    public SimulcastLayerSwitch(int layerCount, long keyframeRequestIntervalUs = DefaultKeyframeRequestIntervalUs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(layerCount);
        _lastRequestUs = new long[layerCount];
        Array.Fill(_lastRequestUs, long.MinValue);
        KeyframeRequestIntervalUs = keyframeRequestIntervalUs;
    }

    /// <summary>Least time between two keyframe requests for one layer.</summary>
    public long KeyframeRequestIntervalUs { get; }

    /// <summary>The layer being forwarded; -1 for none.</summary>
    public int Current { get; private set; } = -1;

    /// <summary>The layer wanted; -1 = paused.</summary>
    public int Target { get; private set; } = -1;

    /// <summary>True while the forwarded layer differs from the wanted one.</summary>
    public bool IsSwitching => Current != Target;

    /// <summary>Sets the wanted layer (the allocator's target). -1 stops forwarding at once.</summary>
    public void SetTarget(int layer)
    {
        Target = Math.Clamp(layer, -1, _lastRequestUs.Length - 1);
        if (Target < 0)
        {
            Current = -1;
        }
    }

    /// <summary>
    /// The layers were renumbered (their quality order became known): the layer being forwarded is now
    /// <paramref name="current"/>. The target is chosen again by the caller.
    /// </summary>
    public void Remap(int current) => Current = Math.Clamp(current, -1, _lastRequestUs.Length - 1);

    /// <summary>Decides about one packet of <paramref name="layer"/>.</summary>
    public LayerSwitchDecision OnPacket(int layer, bool keyframe, long nowUs)
    {
        if (Target < 0 || layer < 0 || layer >= _lastRequestUs.Length)
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
            return new LayerSwitchDecision(LayerSwitchAction.Switch, Current == Target ? -1 : RequestIfDue(Target, nowUs));
        }

        LayerSwitchAction action = layer == Current ? LayerSwitchAction.Forward : LayerSwitchAction.Ignore;
        return new LayerSwitchDecision(action, RequestIfDue(Target, nowUs));
    }

    /// <summary>
    /// Returns <paramref name="layer"/> and records the request when a keyframe request for it is due, else -1.
    /// Also for requests that come from elsewhere (a subscriber's PLI).
    /// </summary>
    public int RequestIfDue(int layer, long nowUs)
    {
        if (layer < 0 || layer >= _lastRequestUs.Length)
        {
            return -1;
        }

        long last = _lastRequestUs[layer];
        if (last != long.MinValue && nowUs - last < KeyframeRequestIntervalUs)
        {
            return -1;
        }

        _lastRequestUs[layer] = nowUs;
        return layer;
    }
}
