using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Sfu.Core.Forwarding;
using Sfu.Core.Transport;
using Sfu.Signaling.Contracts;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// A room: its participants and, on one media worker, its router. The room owns its state through one loop (its
/// <see cref="RoomCommandLoop"/>; the close check and snapshot in Room.Loop.cs) that runs its commands one at a time:
/// joining and leaving (Room.Join.cs), publishing (Room.Publish.cs, with its <see cref="PublisherNegotiator"/>),
/// subscribing (Room.Subscribe.cs, with its <see cref="SubscriberNegotiator"/>), room data
/// (<see cref="RoomDataChannels"/>), what the peer connections say (leaving without <c>Leave</c>, reconnecting after
/// consent loss: its <see cref="PeerConnectionWatcher"/>), admin requests (Room.Admin.cs, Room.Stats.cs with its
/// <see cref="ParticipantStatsReader"/>), active speakers (<see cref="RoomSpeakers"/>). The loop may await the media
/// worker (<see cref="MediaWorker.InvokeAsync{T}"/>), never a client: messages to participants go through their
/// <see cref="IParticipantNotifier"/>, which only queues. Other threads read <see cref="Snapshot"/>, which the loop
/// publishes after every command.
/// </summary>
public sealed partial class Room
{
    private readonly RoomManager _manager;
    private readonly MediaEngine _engine;
    private readonly RoomOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, Participant> _participants = new(StringComparer.Ordinal);
    private readonly List<Participant> _joinOrder = new();
    private readonly RoomTransportListener _listener;
    private readonly ParticipantStatsReader _stats;
    private readonly RoomSpeakers _speakers;
    private readonly SubscriberNegotiator _subscribers;
    private readonly PublisherNegotiator _publishers;
    private readonly PeerConnectionWatcher _peerConnections;
    private readonly RoomDataChannels _data;
    private readonly EmptyRoomTimeout _emptyTimeout;
    private readonly RoomCommandLoop _loop;
    private volatile RoomSnapshot _snapshot = RoomSnapshot.Empty;

    internal Room(string name, RoomManager manager, MediaEngine engine, MediaWorker worker, RoomRouter router, RoomSettings settings, RoomOptions options, TimeProvider time, ILogger logger)
    {
        Name = name;
        _manager = manager;
        _engine = engine;
        Worker = worker;
        Router = router;
        Settings = settings;
        _options = options;
        _time = time;
        _logger = logger;
        _loop = new RoomCommandLoop(name, logger, CloseIfEmpty, PublishSnapshot);
        _listener = new RoomTransportListener(router, this);
        _stats = new ParticipantStatsReader(worker, time);
        _speakers = new RoomSpeakers(name, manager.SignalingMetrics, logger);
        _subscribers = new SubscriberNegotiator(engine, worker, router, _listener, options, logger);
        _publishers = new PublisherNegotiator(engine, worker, router, _listener, options);
        _emptyTimeout = new EmptyRoomTimeout(time, Post);
        _data = new RoomDataChannels(options, manager.SignalingMetrics, worker);
        _peerConnections = new PeerConnectionWatcher(_joinOrder, _subscribers, worker, options, manager.SignalingMetrics, time, logger, Post, RemoveParticipantAsync);
        _snapshot = new RoomSnapshot(Array.Empty<ParticipantSnapshot>(), settings.Metadata, 0, false);
    }

    public string Name { get; }

    public MediaWorker Worker { get; }

    public RoomRouter Router { get; }

    /// <summary>What this room's transports report to (packets, states, BYE); worker thread.</summary>
    internal RoomTransportListener TransportListener => _listener;

    /// <summary>What this room's participants' peer connections say (goodbyes, consent loss); used on the loop.</summary>
    internal PeerConnectionWatcher PeerConnections => _peerConnections;

    /// <summary>This room's settings (given by an admin at creation, or the defaults). The metadata is changed through the loop.</summary>
    public RoomSettings Settings { get; }

    /// <summary>True once the room closed; a closed room runs no more commands.</summary>
    public bool Closed => _loop.Closed;

    /// <summary>The room as its loop last published it.</summary>
    public RoomSnapshot Snapshot => _snapshot;

    /// <summary>The participants as the loop last published them, in the order they joined.</summary>
    public IReadOnlyList<ParticipantSnapshot> Participants => _snapshot.Participants;

    /// <summary>True when the last published snapshot has nobody in it.</summary>
    public bool IsEmpty => _snapshot.IsEmpty;

    /// <summary>The participant with <paramref name="participantId"/> in the last snapshot, or null.</summary>
    public ParticipantSnapshot? FindParticipant(string participantId) => _snapshot.Find(participantId);

    /// <summary>
    /// Runs <paramref name="read"/> on the room's loop with the live participants, for diagnostics and tests: it must only
    /// read, and read media state (transports, down-tracks) through <see cref="Worker"/>.
    /// </summary>
    public Task<T> InspectAsync<T>(Func<IReadOnlyList<Participant>, T> read)
        => Enqueue("inspect", () => Task.FromResult(read(_joinOrder.ToList())));

    /// <inheritdoc cref="RoomCommandLoop.Enqueue{T}(string, Func{Task{T}})"/>
    internal Task<T> Enqueue<T>(string name, Func<Task<T>> work) => _loop.Enqueue(name, work);

    /// <inheritdoc cref="RoomCommandLoop.Enqueue(string, Func{Task})"/>
    internal Task Enqueue(string name, Func<Task> work) => _loop.Enqueue(name, work);

    /// <inheritdoc cref="RoomCommandLoop.Post"/>
    internal void Post(string name, Func<Task> work) => _loop.Post(name, work);

    /// <summary>Starts the loop and the router's ticks on the worker. Called once, by the room manager.</summary>
    internal void Start()
    {
        Worker.Post(() =>
        {
            Router.ActiveSpeakers.Changed = OnSpeakersReported;
            Worker.AddTickHandler(Router.Tick);
        });
        _loop.Start();
    }

    /// <summary>The loop's task (completes once the room closed and every queued command was refused).</summary>
    internal Task Completion => _loop.Completion;

    private IEnumerable<Participant> Others(Participant participant) => _joinOrder.Where(p => p != participant);

    private List<IceServerInfo> IceServers(Participant participant)
        => _options.IceServers.Select(s => new IceServerInfo(s.Urls, s.Username, s.Credential))
            .Concat(_manager.IceServerSource.For(participant.Identity ?? participant.Id))
            .ToList();

    internal static string NewId(string prefix, int length = 12)
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        return prefix + RandomNumberGenerator.GetString(alphabet, length);
    }

    internal static uint NewSsrc() => (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue) | 0x1000u;
}
