namespace Sfu.Signaling.Cluster;

/// <summary>The availability of a node that never drains (the default until something registers another).</summary>
public sealed class AlwaysAvailable : INodeAvailability
{
    /// <summary>The shared instance.</summary>
    public static readonly AlwaysAvailable Instance = new();

    public bool IsDraining => false;
}
