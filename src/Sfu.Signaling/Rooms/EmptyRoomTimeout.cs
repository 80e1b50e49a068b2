namespace Sfu.Signaling.Rooms;

/// <summary>
/// The empty timeout of a room an admin created: how long the room stays open with nobody in it. Started when the
/// room becomes empty, cancelled when someone joins; once it ran out with the room still empty, the room may close.
/// Owned by one <see cref="Room"/> and used only on its loop (its timer posts to the loop).
/// </summary>
internal sealed class EmptyRoomTimeout
{
    private readonly TimeProvider _time;
    private readonly Action<string, Func<Task>> _post;
    private ITimer? _timer;

    /// <summary>An empty timeout whose timer runs on <paramref name="time"/> and posts to the loop with <paramref name="post"/>.</summary>
    public EmptyRoomTimeout(TimeProvider time, Action<string, Func<Task>> post)
    {
        _time = time;
        _post = post;
    }

    /// <summary>True while the timeout runs.</summary>
    public bool Running => _timer is not null;

    /// <summary>True once the timeout ran out with the room still empty (until <see cref="Cancel"/>).</summary>
    public bool Passed { get; private set; }

    /// <summary>Starts the timeout; when it runs out, it has <see cref="Passed"/> if <paramref name="stillEmpty"/> says so.</summary>
    public void Start(int seconds, Func<bool> stillEmpty)
    {
        ITimer? timer = null;
        timer = _time.CreateTimer(
            _ => _post("empty timeout", () =>
            {
                if (timer is not null && ReferenceEquals(_timer, timer))
                {
                    timer.Dispose();
                    _timer = null;
                    Passed = stillEmpty();
                }

                return Task.CompletedTask;
            }),
            null,
            TimeSpan.FromSeconds(seconds),
            Timeout.InfiniteTimeSpan);
        _timer = timer;
    }

    /// <summary>Someone is in the room: stops the timeout and forgets that it passed.</summary>
    public void Cancel()
    {
        Stop();
        Passed = false;
    }

    /// <summary>The room closed: stops the timeout.</summary>
    public void Stop()
    {
        _timer?.Dispose();
        _timer = null;
    }
}
