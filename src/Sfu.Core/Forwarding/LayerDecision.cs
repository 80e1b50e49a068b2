namespace Sfu.Core.Forwarding;

/// <summary>What a down-track does with a packet of one simulcast layer, as <see cref="LayerSelector"/> decides.</summary>
internal enum LayerDecision
{
    /// <summary>Not the layer being forwarded or switched to: leave it alone.</summary>
    Ignore,

    /// <summary>A packet of the layer being forwarded.</summary>
    Forward,

    /// <summary>A keyframe of the target layer: the down-track switches to it with this packet.</summary>
    Switch,

    /// <summary>A packet of the target layer that is not a keyframe: drop it and ask for a keyframe of that layer.</summary>
    AwaitKeyframe,
}
