using Sfu.Signaling.Cluster;

namespace Sfu.Server.Tests.Cluster;

/// <summary>A node availability the test turns to draining and back.</summary>
public sealed class SwitchableAvailability : INodeAvailability
{
    public bool IsDraining { get; set; }
}
