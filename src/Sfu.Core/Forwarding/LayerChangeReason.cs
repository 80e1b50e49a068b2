namespace Sfu.Core.Forwarding;

/// <summary>Why a down-track's target layer changed (reported with each layer switch).</summary>
public enum LayerChangeReason
{
    /// <summary>The first layer forwarded (subscribe, or resume after a pause).</summary>
    Start,

    /// <summary>The subscriber's preference (maximum layer or resolution, e.g. its tile size) changed.</summary>
    Preference,

    /// <summary>The subscriber's bandwidth estimate fell: the allocator lowered the layer.</summary>
    BandwidthDecrease,

    /// <summary>The subscriber's bandwidth estimate rose: the allocator raised the layer.</summary>
    BandwidthIncrease,

    /// <summary>The publisher stopped sending the wanted layer (its uplink or CPU): the next live one below is used.</summary>
    LayerUnavailable,

    /// <summary>A layer the publisher had not been sending started (or came back).</summary>
    LayerAvailable,
}
