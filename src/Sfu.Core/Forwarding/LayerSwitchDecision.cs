namespace Sfu.Core.Forwarding;

/// <summary>
/// The decision about one packet: the action and, when not -1, the layer to ask the publisher a keyframe of (already
/// throttled to one per layer per interval).
/// </summary>
internal readonly record struct LayerSwitchDecision(LayerSwitchAction Action, int KeyframeRequestLayer)
{
    /// <summary>True when a keyframe request should be sent to the publisher now.</summary>
    public bool RequestsKeyframe => KeyframeRequestLayer >= 0;
}
