namespace Sfu.Core.Forwarding;

/// <summary>
/// Chooses which simulcast layer a down-track forwards. For now (no bandwidth estimation yet): the first layer in the
/// publisher's order (Chromium lists the highest first) that is live, i.e. has received a packet within the stall
/// timeout. So the forwarded layer is left for a lower one only after it has been silent for the stall timeout, and a
/// better layer that starts (Chromium ramps its upper layers up over the first seconds) is taken as soon as it sends a
/// keyframe. Every change of layer happens at a keyframe of the new layer; until then the current one keeps flowing.
/// </summary>
/// <remarks>Pure decisions over per-layer last-packet times; no clock of its own. One per down-track.</remarks>
internal sealed class LayerSelector
{
    /// <summary>Marks a layer that never received a packet in the last-packet times.</summary>
    public const long Never = long.MinValue;

    /// <summary>The layer being forwarded; -1 before the first switch.</summary>
    public int Current { get; private set; } = -1;

    /// <summary>The layer wanted now (equal to <see cref="Current"/> unless a switch is pending); -1 if none.</summary>
    public int Target { get; private set; } = -1;

    /// <summary>
    /// The layer to forward: the first live layer in publisher order, or <paramref name="current"/> when none is live
    /// (everything stopped: keep what we had).
    /// </summary>
    /// <param name="lastPacket">Per layer, the timestamp of its last packet, or <see cref="Never"/>.</param>
    /// <param name="current">The layer currently forwarded, -1 for none.</param>
    /// <param name="now">The current timestamp.</param>
    /// <param name="stallTicks">How long a layer may be silent and still count as live.</param>
    public static int ChooseTarget(ReadOnlySpan<long> lastPacket, int current, long now, long stallTicks)
    {
        for (int i = 0; i < lastPacket.Length; i++)
        {
            if (IsLive(lastPacket[i], now, stallTicks))
            {
                return i;
            }
        }

        return current;
    }

    /// <summary>Decides about one packet of <paramref name="layer"/>, switching when it is the target's keyframe.</summary>
    public LayerDecision OnPacket(int layer, bool keyframe, ReadOnlySpan<long> lastPacket, long now, long stallTicks)
    {
        Target = ChooseTarget(lastPacket, Current, now, stallTicks);
        if (layer == Target)
        {
            if (layer == Current)
            {
                return LayerDecision.Forward;
            }

            if (!keyframe)
            {
                return LayerDecision.AwaitKeyframe;
            }

            Current = layer;
            return LayerDecision.Switch;
        }

        return layer == Current ? LayerDecision.Forward : LayerDecision.Ignore;
    }

    private static bool IsLive(long last, long now, long stallTicks) => last != Never && now - last < stallTicks;
}
