using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sfu.Core.Diagnostics;
using Sfu.Core.Forwarding;
using Sfu.Core.Transport;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Contracts;
using Sfu.Signaling.Diagnostics;
using Sfu.Signaling.Events;
using Sfu.Signaling.Lifecycle;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// The rooms of this server: created on first join, placed on the media worker with the fewest transports, closed
/// by their own loop when the last participant leaves. Creating and closing are race-free: a room is created and
/// removed under one lock, a room removed from here runs no more commands, and a join that meets a closing room is
/// retried in a new one. Finds participants (from the rooms' snapshots) for resuming.
/// </summary>
public sealed partial class RoomManager
{
    /// <summary>What a resume with an unknown participant or a wrong token is told.</summary>
    public const string NoParticipantToResume = "No participant to resume with that id and token (the grace period may have passed); join again.";

    private readonly Dictionary<string, Room> _rooms = new(StringComparer.Ordinal);
    private readonly object _lock = new();
    private readonly MediaEngine _engine;
    private readonly MediaMetrics _metrics;
    private readonly RoomOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly NodeDrainState? _drain;
    private volatile Room[] _roomList = Array.Empty<Room>();

    public RoomManager(MediaEngine engine, MediaMetrics metrics, IOptions<RoomOptions> options, ILoggerFactory loggerFactory, TimeProvider time, IRoomEvents events, IIceServerSource iceServers, SignalingMetrics signalingMetrics, NodeDrainState? drain = null)
    {
        _drain = drain;
        SignalingMetrics = signalingMetrics;
        signalingMetrics.Observe(
            () => _roomList.Length,
            () => _roomList.Sum(r => (long)r.Snapshot.DownTracks));
        Events = events;
        IceServerSource = iceServers;
        _engine = engine;
        _metrics = metrics;
        _options = options.Value;
        _options.Validate();
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("Sfu.Signaling.Rooms");
        _time = time;
    }

    public RoomOptions Options => _options;

    /// <summary>The clock of the rooms (grace periods, empty timeouts) and their routers.</summary>
    public TimeProvider Time => _time;

    public SignalingMetrics SignalingMetrics { get; }

    /// <summary>The open rooms.</summary>
    public IReadOnlyCollection<Room> Rooms => _roomList;

    public bool TryGet(string name, out Room? room)
    {
        lock (_lock)
        {
            return _rooms.TryGetValue(name, out room);
        }
    }

    /// <summary>
    /// The open room named <paramref name="name"/>, created (and placed on a worker) if there is none, with
    /// <paramref name="settings"/> (defaults when null). Created says which.
    /// </summary>
    /// <exception cref="RoomException">The server hosts its maximum of rooms.</exception>
    /// <exception cref="NodeDrainingException">There is no such room and this node drains.</exception>
    public (Room Room, bool Created) GetOrCreate(string name, RoomSettings? settings = null)
    {
        Room room;
        lock (_lock)
        {
            if (_rooms.TryGetValue(name, out var existing))
            {
                return (existing, false);
            }

            if (_drain is { IsDraining: true })
            {
                throw new NodeDrainingException();
            }

            if (_rooms.Count >= _options.MaxRooms)
            {
                throw new RoomException($"The server hosts its maximum of {_options.MaxRooms} rooms; try again later.");
            }

            var worker = _engine.SelectWorker();
            var router = new RoomRouter(_time, _metrics, _loggerFactory.CreateLogger<RoomRouter>());
            room = new Room(name, this, _engine, worker, router, settings ?? new RoomSettings(), _options, _time, _logger);
            _rooms.Add(name, room);
            _roomList = _rooms.Values.ToArray();
            room.Start();
        }

        RoomLog.RoomCreated(_logger, name, room.Worker.Id);
        Events.Publish(new RoomEvent(RoomEventTypes.RoomStarted, name, _time.GetUtcNow()));
        return (room, true);
    }

    /// <summary>
    /// Joins the room <c>request.Room</c> (created if needed); messages to the new participant go to
    /// <paramref name="notifier"/>. A join that meets a room closing under it is retried in a new room of that name.
    /// </summary>
    /// <exception cref="RoomException">Refused (room full, too many rooms).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="aborted"/> fired before the join ran.</exception>
    public async Task<(Participant Participant, JoinResponse Response)> JoinAsync(
        JoinRequest request, JoinAuthorization authorization, IParticipantNotifier notifier, CancellationToken aborted = default)
    {
        for (int attempt = 0; ; attempt++)
        {
            var (room, _) = GetOrCreate(request.Room);
            try
            {
                return await room.JoinAsync(request, authorization, notifier, aborted);
            }
            catch (RoomClosedException) when (attempt < 10)
            {
                // The room closed between lookup and join (its last participant just left): the next lookup makes a new one.
            }
        }
    }

    /// <summary>Re-attaches a participant within its grace period to <paramref name="notifier"/> (see <see cref="Room"/>).</summary>
    /// <exception cref="RoomException">No such participant, or the token is wrong.</exception>
    public Task<(Participant Participant, JoinResponse Response)> ResumeAsync(
        string participantId, string resumeToken, IParticipantNotifier notifier, CancellationToken aborted = default)
    {
        foreach (var room in _roomList)
        {
            if (room.FindParticipant(participantId) is not null)
            {
                return room.ResumeAsync(participantId, resumeToken, notifier, aborted);
            }
        }

        return Task.FromException<(Participant, JoinResponse)>(new RoomException(NoParticipantToResume));
    }

    /// <summary>Finds a participant by id in any room (from the rooms' snapshots).</summary>
    public (Room Room, ParticipantSnapshot Participant)? FindParticipant(string participantId)
    {
        foreach (var room in _roomList)
        {
            if (room.FindParticipant(participantId) is { } p)
            {
                return (room, p);
            }
        }

        return null;
    }

    /// <summary>Closes a room now, disconnecting everyone in it; false if there is no such room.</summary>
    public async Task<bool> CloseAsync(string name, string reason)
    {
        if (!TryGet(name, out var room))
        {
            return false;
        }

        try
        {
            await room!.CloseAsync(reason);
            return true;
        }
        catch (RoomClosedException)
        {
            return false; // it closed by itself meanwhile
        }
    }

    /// <summary>Called by a room's loop when it closes: it is no longer found here, so the next join makes a new one.</summary>
    internal void Remove(Room room)
    {
        lock (_lock)
        {
            if (_rooms.TryGetValue(room.Name, out var current) && current == room)
            {
                _rooms.Remove(room.Name);
                _roomList = _rooms.Values.ToArray();
            }
        }
    }
}
