namespace Sfu.Core.Forwarding;

/// <summary>
/// The decision about one packet: the action and, when not -1, the layer to ask the publisher a keyframe of (not
/// throttled here: <see cref="RoomRouter.RequestKeyframe"/> throttles per layer).
/// </summary>
internal readonly record struct LayerSwitchDecision(LayerSwitchAction Action, int KeyframeRequestLayer)
{
    /// <summary>True when the publisher should be asked (throttled) for a keyframe.</summary>
    public bool RequestsKeyframe => KeyframeRequestLayer >= 0;
}
