namespace Sfu.Signaling.Lifecycle;

/// <summary>Where a drain is (<see cref="NodeDrainer.Phase"/>).</summary>
public enum DrainPhase
{
    /// <summary>No drain began.</summary>
    None,

    /// <summary>No new rooms; the calls here go on until they end or the drain timeout passes.</summary>
    Waiting,

    /// <summary>Every participant is being told to move (<c>Moving</c>) and its room closed.</summary>
    Moving,

    /// <summary>Waiting (briefly) for the moved clients' connections to close, so the message reached them.</summary>
    Flushing,

    /// <summary>Nobody is left; the host may stop (after SIGTERM it does).</summary>
    Done,
}
