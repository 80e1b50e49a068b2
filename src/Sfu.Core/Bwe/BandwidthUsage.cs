namespace Sfu.Core.Bwe;

/// <summary>The state of the path as the delay-gradient overuse detector sees it.</summary>
public enum BandwidthUsage
{
    /// <summary>Queuing delay is stable: the path is not congested.</summary>
    Normal,

    /// <summary>Queuing delay grows: we send more than the path carries.</summary>
    Overusing,

    /// <summary>Queuing delay shrinks: a queue drains.</summary>
    Underusing,
}
