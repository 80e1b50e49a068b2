namespace Sfu.Load.Run;

/// <summary>Where a synthetic participant is.</summary>
public enum ParticipantPhase
{
    /// <summary>Not started yet (waiting for its turn in the ramp).</summary>
    Waiting,

    /// <summary>Connecting to the hub, joining, publishing.</summary>
    Joining,

    /// <summary>In the room; its peer connections may still be connecting.</summary>
    Joined,

    /// <summary>Something failed (see <see cref="LoadParticipant.Failure"/>).</summary>
    Failed,

    /// <summary>Left at the end of the run.</summary>
    Left,
}
