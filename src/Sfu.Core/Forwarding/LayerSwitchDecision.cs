namespace Sfu.Core.Forwarding;

/// <summary>
/// The decision about one packet: the action and, unless <see cref="SpatialLayer.None"/>, the spatial layer to ask the
/// publisher a keyframe of (not throttled here: the publisher endpoint throttles per layer).
/// </summary>
internal readonly record struct LayerSwitchDecision(LayerSwitchAction Action, SpatialLayer KeyframeRequestLayer)
{
    /// <summary>True when the publisher should be asked (throttled) for a keyframe.</summary>
    public bool RequestsKeyframe => !KeyframeRequestLayer.IsNone;
}
