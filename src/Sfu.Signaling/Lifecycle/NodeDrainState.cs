namespace Sfu.Signaling.Lifecycle;

/// <summary>
/// Whether this node is draining: it takes no new rooms (a join or an admin create for a room that is not here is
/// refused with <see cref="NodeDrainingException"/>), <c>/readyz</c> answers 503, and the calls on it go on until they
/// end or the drain timeout moves them elsewhere (<see cref="NodeDrainer"/>). One per process (a singleton); it only
/// ever goes from not draining to draining. Thread-safe: read it from anywhere (room placement reads
/// <see cref="IsDraining"/> to stop choosing this node).
/// </summary>
public sealed class NodeDrainState : Sfu.Signaling.Cluster.INodeAvailability
{
    private readonly CancellationTokenSource _draining = new();
    private readonly TimeProvider _time;
    private DrainStart? _start;

    public NodeDrainState(TimeProvider time) => _time = time;

    /// <summary>True once a drain began (SIGTERM, host stop or the admin API); never false again in this process.</summary>
    public bool IsDraining => Volatile.Read(ref _start) is not null;

    /// <summary>When the drain began, or null.</summary>
    public DateTimeOffset? StartedAt => Volatile.Read(ref _start)?.At;

    /// <summary>What began it (<see cref="DrainTriggers"/>), or null.</summary>
    public string? Trigger => Volatile.Read(ref _start)?.Trigger;

    /// <summary>Cancelled when the drain begins (after <see cref="IsDraining"/> turned true).</summary>
    public CancellationToken Draining => _draining.Token;

    /// <summary>Raised once, when the drain begins, with its trigger (after <see cref="IsDraining"/> turned true).</summary>
    public event Action<string>? Began;

    /// <summary>Marks the node draining; true for the call that did (later calls change nothing and return false).</summary>
    public bool TryBegin(string trigger)
    {
        if (Interlocked.CompareExchange(ref _start, new DrainStart(_time.GetUtcNow(), trigger), null) is not null)
        {
            return false;
        }

        _draining.Cancel();
        Began?.Invoke(trigger);
        return true;
    }

    private sealed record DrainStart(DateTimeOffset At, string Trigger);
}
