using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// A room's mailbox: its <see cref="RoomCommand"/>s, run one at a time on one task (an actor's loop). Callers queue
/// work and await its result; timers post work nobody awaits. After each command the room's close check and then its
/// snapshot run (each guarded: neither may stop the loop, or the room would hang with every participant in it), and
/// only then the caller's task completes, so a caller reads its own change. Once <see cref="Close"/>d, every command
/// still queued and every later one fails with <see cref="RoomClosedException"/>. Owned by one <see cref="Room"/>.
/// </summary>
internal sealed class RoomCommandLoop
{
    private readonly string _room;
    private readonly ILogger _logger;
    private readonly Action _closeCheck;
    private readonly Action _publishSnapshot;
    // Not SingleReader: that channel cannot count what waits, which the close check needs.
    private readonly Channel<RoomCommand> _commands = Channel.CreateUnbounded<RoomCommand>();
    private volatile bool _closed;
    private Task _completion = Task.CompletedTask;

    /// <summary>
    /// The loop of the room named <paramref name="room"/>: after each command it runs <paramref name="closeCheck"/>,
    /// then <paramref name="publishSnapshot"/>.
    /// </summary>
    public RoomCommandLoop(string room, ILogger logger, Action closeCheck, Action publishSnapshot)
    {
        _room = room;
        _logger = logger;
        _closeCheck = closeCheck;
        _publishSnapshot = publishSnapshot;
    }

    /// <summary>True once the loop was closed; it runs no more commands.</summary>
    public bool Closed => _closed;

    /// <summary>How many commands wait to run (on the loop: those queued behind the current one).</summary>
    public int Waiting => _commands.Reader.Count;

    /// <summary>The loop's task (completes once it was closed and every queued command was refused).</summary>
    public Task Completion => _completion;

    /// <summary>Starts running commands. Called once.</summary>
    public void Start() => _completion = Task.Run(RunAsync);

    /// <summary>Queues <paramref name="work"/>; the task completes after it ran and the snapshot was published.</summary>
    public Task<T> Enqueue<T>(string name, Func<Task<T>> work)
    {
        var command = RoomCommand.Create(name, work, out var task);
        if (!_commands.Writer.TryWrite(command))
        {
            command.Fail(new RoomClosedException(_room));
        }

        return task;
    }

    /// <inheritdoc cref="Enqueue{T}(string, Func{Task{T}})"/>
    public Task Enqueue(string name, Func<Task> work) => Enqueue(name, async () =>
    {
        await work();
        return true;
    });

    /// <summary>Queues <paramref name="work"/> nobody awaits (timers); dropped once the loop was closed.</summary>
    public void Post(string name, Func<Task> work) => _commands.Writer.TryWrite(RoomCommand.Post(name, work));

    /// <summary>On the loop: runs no more commands; those still queued, and later ones, fail with <see cref="RoomClosedException"/>.</summary>
    public void Close()
    {
        _closed = true;
        _commands.Writer.TryComplete();
    }

    private async Task RunAsync()
    {
        await foreach (var command in _commands.Reader.ReadAllAsync())
        {
            if (_closed)
            {
                command.Fail(new RoomClosedException(_room));
                continue;
            }

            await command.RunAsync();
            if (command.Failure is { } failure and not RoomException and not OperationCanceledException)
            {
                RoomLog.CommandFailed(_logger, failure, command.Name, _room);
            }

            try
            {
                _closeCheck();
            }
            catch (Exception e)
            {
                RoomLog.CommandFailed(_logger, e, "close check", _room);
            }

            try
            {
                _publishSnapshot();
            }
            catch (Exception e)
            {
                RoomLog.CommandFailed(_logger, e, "snapshot", _room);
            }

            command.Complete();
        }
    }
}
