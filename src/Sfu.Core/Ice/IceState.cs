namespace Sfu.Core.Ice;

/// <summary>State of an <see cref="IceLiteAgent"/>.</summary>
public enum IceState
{
    /// <summary>No valid connectivity check received yet.</summary>
    New,

    /// <summary>At least one valid check received (a remote address is validated), nothing nominated yet.</summary>
    Connected,

    /// <summary>The controlling peer nominated a pair: <see cref="IceLiteAgent.SelectedRemote"/> is set.</summary>
    Completed,

    /// <summary>No valid check within the consent timeout (RFC 7675); a later valid check restores the previous state.</summary>
    Disconnected,

    /// <summary>Closed; every request is ignored.</summary>
    Closed,
}
