namespace Sfu.Load.Ice;

/// <summary>Where a client ICE agent is.</summary>
public enum IceClientState
{
    /// <summary>Not started: no remote credentials yet.</summary>
    New,

    /// <summary>Sending checks; no success response yet.</summary>
    Checking,

    /// <summary>A nominating check succeeded; consent checks keep the pair alive.</summary>
    Connected,

    /// <summary>No check succeeded in time, or consent expired.</summary>
    Failed,
}
