namespace Sfu.Core.Forwarding;

/// <summary>What a down-track does with one packet, as <see cref="SimulcastLayerSwitch"/> decides.</summary>
internal enum LayerSwitchAction
{
    /// <summary>Not the forwarded layer (nor a keyframe to switch to): leave it alone; it takes no sequence number.</summary>
    Ignore,

    /// <summary>A packet of the forwarded layer: send it.</summary>
    Forward,

    /// <summary>
    /// A keyframe of the layer switched to: from this packet on that layer is forwarded. Resync the sequence number
    /// mapper, the timestamp mapper and the VP8 munger, then send it.
    /// </summary>
    Switch,
}
