using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sfu.Signaling.Contracts;
using Sfu.Signaling.Rooms;

namespace Sfu.Signaling.Lifecycle;

/// <summary>
/// Drains this node without dropping calls: marks it draining (<see cref="NodeDrainState"/>: no new rooms, /readyz
/// 503), lets the calls here go on until their rooms empty or <see cref="DrainOptions.DrainTimeoutSeconds"/> passes,
/// then tells every participant to move (<c>Moving</c>, then <c>Disconnected</c> with the reason, as its room closes)
/// and waits briefly for their connections to close so the message reaches them. The JS client rejoins on its own
/// (<see cref="DrainOptions.MoveTo"/>, else the URL it came from) and publishes its tracks again. One drain per
/// process: every caller of <see cref="DrainAsync"/> gets the same task. Each phase is logged once, with counts.
/// </summary>
public sealed class NodeDrainer
{
    /// <summary>The reason a moved participant is given (<c>Moving.reason</c>).</summary>
    public const string MoveReason = "node-draining";

    /// <summary>The reason of the <c>Disconnected</c> that follows <c>Moving</c> (what a client that does not move shows).</summary>
    public const string DisconnectReason = "The server is shutting down (node-draining): join again to continue.";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly NodeDrainState _state;
    private readonly RoomManager _rooms;
    private readonly DrainOptions _options;
    private readonly DrainMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _hurry = new();
    private readonly object _lock = new();
    private Task? _drain;
    private int _phase;
    private int _moved;
    private DateTimeOffset? _deadline;

    public NodeDrainer(NodeDrainState state, RoomManager rooms, IOptions<DrainOptions> options, DrainMetrics metrics, ILogger<NodeDrainer> logger, TimeProvider time)
    {
        _state = state;
        _rooms = rooms;
        _options = options.Value;
        _options.Validate();
        _metrics = metrics;
        _logger = logger;
        _time = time;
    }

    /// <summary>The node's drain state.</summary>
    public NodeDrainState State => _state;

    /// <summary>The options in force.</summary>
    public DrainOptions Options => _options;

    /// <summary>Where the drain is.</summary>
    public DrainPhase Phase => (DrainPhase)Volatile.Read(ref _phase);

    /// <summary>When the participants still here will be told to move (null before a drain, or once they were).</summary>
    public DateTimeOffset? MoveDeadline
    {
        get
        {
            lock (_lock)
            {
                return Phase == DrainPhase.Waiting ? _deadline : null;
            }
        }
    }

    /// <summary>Participants this drain told to move.</summary>
    public int ParticipantsMoved => Volatile.Read(ref _moved);

    /// <summary>The drain's task once one began (completes when it is <see cref="DrainPhase.Done"/>), else null.</summary>
    public Task? Completion
    {
        get
        {
            lock (_lock)
            {
                return _drain;
            }
        }
    }

    /// <summary>
    /// Begins the drain (the first call; later calls return the same task, whatever their arguments) and returns its
    /// task, which completes when everyone was moved (or no call was left). <paramref name="timeout"/> overrides
    /// <see cref="DrainOptions.DrainTimeoutSeconds"/> (<see cref="TimeSpan.Zero"/>: move at once), and
    /// <paramref name="flush"/> <see cref="DrainOptions.MoveFlushSeconds"/>.
    /// </summary>
    public Task DrainAsync(string trigger, TimeSpan? timeout = null, TimeSpan? flush = null)
    {
        lock (_lock)
        {
            if (_drain is not null)
            {
                return _drain;
            }

            var wait = timeout ?? TimeSpan.FromSeconds(_options.DrainTimeoutSeconds);
            _deadline = _time.GetUtcNow() + wait;
            Volatile.Write(ref _phase, (int)DrainPhase.Waiting);
            _state.TryBegin(trigger);
            var flushLimit = flush ?? TimeSpan.FromSeconds(_options.MoveFlushSeconds);
            _drain = Task.Run(() => RunAsync(trigger, wait, flushLimit));
            return _drain;
        }
    }

    /// <summary>Stops waiting for calls to end: their participants are told to move now (a second signal, a host giving up).</summary>
    public void Hurry() => _hurry.Cancel();

    private async Task RunAsync(string trigger, TimeSpan wait, TimeSpan flush)
    {
        long start = _time.GetTimestamp();
        var (rooms, participants) = Count();
        DrainLog.Began(_logger, trigger, rooms, participants, wait.TotalSeconds);

        string why = await WaitForCallsToEndAsync(wait);
        (rooms, participants) = Count();
        DrainLog.WaitOver(_logger, _time.GetElapsedTime(start).TotalSeconds, why, rooms, participants);

        Volatile.Write(ref _phase, (int)DrainPhase.Moving);
        var url = _options.MoveToHubUrl(SignalingServiceCollectionExtensions.HubPath);
        var (moved, movedRooms) = await MoveEveryoneAsync(new MoveInfo(MoveReason, _options.MoveRetryAfterMs, url));
        DrainLog.Moved(_logger, moved, movedRooms, url ?? "the URL each came from", _rooms.SignalingMetrics.OpenConnections);

        Volatile.Write(ref _phase, (int)DrainPhase.Flushing);
        if (moved > 0)
        {
            await WaitForConnectionsToCloseAsync(flush);
        }

        Volatile.Write(ref _phase, (int)DrainPhase.Done);
        DrainLog.Done(_logger, _time.GetElapsedTime(start).TotalSeconds, _rooms.SignalingMetrics.OpenConnections);
    }

    /// <summary>Waits until no participant is left, the timeout passes or <see cref="Hurry"/>; says which.</summary>
    private async Task<string> WaitForCallsToEndAsync(TimeSpan wait)
    {
        long start = _time.GetTimestamp();
        while (true)
        {
            if (Count().Participants == 0)
            {
                return "no call left";
            }

            if (_hurry.IsCancellationRequested)
            {
                return "hurried";
            }

            var left = wait - _time.GetElapsedTime(start);
            if (left <= TimeSpan.Zero)
            {
                return "timeout";
            }

            try
            {
                await Task.Delay(left < PollInterval ? left : PollInterval, _time, _hurry.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>Tells everyone in every room to move and closes the rooms; returns how many participants, in how many rooms.</summary>
    private async Task<(int Participants, int Rooms)> MoveEveryoneAsync(MoveInfo move)
    {
        var closing = new List<Task>();
        int participants = 0;
        int rooms = 0;
        foreach (var room in _rooms.Rooms)
        {
            int count = room.Participants.Count;
            participants += count;
            rooms += count > 0 ? 1 : 0;
            closing.Add(CloseAsync(room, move));
        }

        await Task.WhenAll(closing);
        Interlocked.Add(ref _moved, participants);
        _metrics.Moved(participants);
        return (participants, rooms);
    }

    private async Task CloseAsync(Room room, MoveInfo move)
    {
        try
        {
            await room.CloseAsync(DisconnectReason, move);
        }
        catch (RoomClosedException)
        {
            // It closed by itself meanwhile: its participants left.
        }
        catch (Exception e)
        {
            DrainLog.MoveFailed(_logger, e, room.Name);
        }
    }

    /// <summary>Gives the moved clients a moment to read <c>Moving</c> and close their connections.</summary>
    private async Task WaitForConnectionsToCloseAsync(TimeSpan limit)
    {
        long start = _time.GetTimestamp();
        while (_rooms.SignalingMetrics.OpenConnections > 0 && _time.GetElapsedTime(start) < limit)
        {
            await Task.Delay(PollInterval, _time);
        }
    }

    private (int Rooms, int Participants) Count()
    {
        int rooms = 0;
        int participants = 0;
        foreach (var room in _rooms.Rooms)
        {
            rooms++;
            participants += room.Participants.Count;
        }

        return (rooms, participants);
    }
}
