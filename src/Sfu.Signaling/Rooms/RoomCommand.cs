namespace Sfu.Signaling.Rooms;

/// <summary>
/// One request to a room, run by the room's loop: the work, and the task its caller awaits. The loop runs the work,
/// publishes the room's snapshot, and only then completes the caller's task, so a caller that goes on reads a
/// snapshot that includes its own change.
/// </summary>
internal sealed class RoomCommand
{
    private readonly Func<Task> _work;
    private readonly Action<Exception?> _complete;
    private Exception? _failure;

    private RoomCommand(string name, Func<Task> work, Action<Exception?> complete)
    {
        Name = name;
        _work = work;
        _complete = complete;
    }

    /// <summary>What the command does, for logs.</summary>
    public string Name { get; }

    /// <summary>A command whose caller awaits <paramref name="task"/> for the result of <paramref name="work"/>.</summary>
    public static RoomCommand Create<T>(string name, Func<Task<T>> work, out Task<T> task)
    {
        var tcs = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        T result = default!;
        task = tcs.Task;
        return new RoomCommand(
            name,
            async () => result = await work(),
            failure =>
            {
                if (failure is null)
                {
                    tcs.TrySetResult(result);
                }
                else if (failure is OperationCanceledException canceled)
                {
                    tcs.TrySetCanceled(canceled.CancellationToken);
                }
                else
                {
                    tcs.TrySetException(failure);
                }
            });
    }

    /// <summary>A command nobody awaits (timers); a failure is only logged by the loop.</summary>
    public static RoomCommand Post(string name, Func<Task> work) => new(name, work, _ => { });

    /// <summary>Runs the work on the loop; a failure is kept for <see cref="Complete"/>.</summary>
    public async Task RunAsync()
    {
        try
        {
            await _work();
        }
        catch (Exception e)
        {
            _failure = e;
        }
    }

    /// <summary>The failure of the work, if any (the caller gets it).</summary>
    public Exception? Failure => _failure;

    /// <summary>Completes the caller's task with the result or the failure.</summary>
    public void Complete() => _complete(_failure);

    /// <summary>Fails the caller's task without running the work (the room closed).</summary>
    public void Fail(Exception e) => _complete(e);
}
