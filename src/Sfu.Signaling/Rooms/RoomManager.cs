using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sfu.Core.Diagnostics;
using Sfu.Core.Forwarding;
using Sfu.Core.Transport;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Events;
using Sfu.Signaling.Diagnostics;
using Sfu.Signaling.Hubs;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// The rooms of this server: created on first join, placed on the media worker with the fewest transports,
/// closed when the last participant leaves. Also finds a participant by id for resuming.
/// </summary>
public sealed partial class RoomManager
{
    private readonly ConcurrentDictionary<string, Room> _rooms = new(StringComparer.Ordinal);
    private readonly object _createLock = new();
    private readonly MediaEngine _engine;
    private readonly MediaMetrics _metrics;
    private readonly IHubContext<RoomHub, IRoomClient> _hub;
    private readonly RoomOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public RoomManager(MediaEngine engine, MediaMetrics metrics, IHubContext<RoomHub, IRoomClient> hub, IOptions<RoomOptions> options, ILoggerFactory loggerFactory, TimeProvider time, IRoomEvents events, IIceServerSource iceServers, SignalingMetrics signalingMetrics)
    {
        SignalingMetrics = signalingMetrics;
        signalingMetrics.Observe(
            () => _rooms.Count,
            () => _rooms.Values.Sum(r => (long)r.Router.DownTracks.Count));
        Events = events;
        IceServerSource = iceServers;
        _engine = engine;
        _metrics = metrics;
        _hub = hub;
        _options = options.Value;
        _options.Validate();
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("Sfu.Signaling.Rooms");
        _time = time;
    }

    public RoomOptions Options => _options;

    /// <summary>The clock of the rooms and their routers.</summary>
    internal TimeProvider Time => _time;

    public SignalingMetrics SignalingMetrics { get; }

    public IReadOnlyCollection<Room> Rooms => _rooms.Values.ToList();

    public bool TryGet(string name, out Room? room) => _rooms.TryGetValue(name, out room);

    /// <summary>
    /// The room named <paramref name="name"/>, created (and placed on a worker) if it does not exist, with
    /// <paramref name="settings"/> (defaults when null) if it is created.
    /// </summary>
    public async Task<Room> GetOrCreateAsync(string name, RoomSettings? settings = null)
    {
        if (_rooms.TryGetValue(name, out var existing) && !existing.Closed)
        {
            return existing;
        }

        MediaWorker worker;
        lock (_createLock)
        {
            if (_rooms.TryGetValue(name, out existing) && !existing.Closed)
            {
                return existing;
            }

            if (_rooms.Count >= _options.MaxRooms)
            {
                throw new HubException($"The server hosts its maximum of {_options.MaxRooms} rooms; try again later.");
            }

            worker = _engine.SelectWorker();
        }

        var router = await worker.InvokeAsync(() =>
        {
            var r = new RoomRouter(_time, _metrics, _loggerFactory.CreateLogger<RoomRouter>());
            worker.AddTickHandler(r.Tick);
            return r;
        });
        var room = new Room(name, this, _engine, worker, router, _hub, _options, _logger) { Settings = settings ?? new RoomSettings() };
        lock (_createLock)
        {
            if (_rooms.TryGetValue(name, out existing) && !existing.Closed)
            {
                // Another join created it meanwhile: use that one.
                worker.Post(() => worker.RemoveTickHandler(router.Tick));
                return existing;
            }

            _rooms[name] = room;
        }

        RoomLog.RoomCreated(_logger, name, worker.Id);
        Events.Publish(new RoomEvent(RoomEventTypes.RoomStarted, name, _time.GetUtcNow()));
        return room;
    }

    /// <summary>Finds a participant by id in any room.</summary>
    public Participant? FindParticipant(string participantId)
    {
        foreach (var room in _rooms.Values)
        {
            var p = room.Participants.FirstOrDefault(x => x.Id == participantId);
            if (p is not null)
            {
                return p;
            }
        }

        return null;
    }

    internal void RemoveIfEmpty(Room room)
    {
        if (DeferEmptyClose(room))
        {
            return;
        }

        lock (_createLock)
        {
            if (!room.IsEmpty || !_rooms.TryGetValue(room.Name, out var current) || current != room)
            {
                return;
            }

            _rooms.TryRemove(room.Name, out _);
        }

        room.MarkClosed();
        room.Worker.Post(() => room.Worker.RemoveTickHandler(room.Router.Tick));
        RoomLog.RoomClosed(_logger, room.Name);
        Events.Publish(new RoomEvent(RoomEventTypes.RoomFinished, room.Name, _time.GetUtcNow()));
    }

    /// <summary>Closes a room now, disconnecting everyone in it.</summary>
    public async Task<bool> CloseAsync(string name, string reason)
    {
        if (!_rooms.TryGetValue(name, out var room))
        {
            return false;
        }

        await room.CloseAsync(reason);
        RemoveIfEmpty(room);
        return true;
    }
}
