using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Sfu.Core.Diagnostics;
using Sfu.Core.Dtls;
using Sfu.Core.Ice;
using Sfu.Core.Net;

namespace Sfu.Core.Transport;

/// <summary>
/// One media thread with one UDP socket. It owns its transports and everything hanging off them, so the
/// media path takes no locks: control work from signaling is posted into its queue and runs between datagrams.
/// Posting wakes the thread at once (<see cref="WorkerWaiter"/>); what one work item sends leaves in one batch
/// (<see cref="SendBatch"/>, <see cref="DatagramSender"/>).
/// </summary>
public sealed partial class MediaWorker : IDisposable
{
    private const int ReceiveBufferSize = 65536;

    /// <summary>The longest wait when posted control work cannot wake the worker (<see cref="SocketPollWaiter"/>).</summary>
    private const int UnwakeableWaitMilliseconds = 5;
    private const int MaxDatagramsPerPoll = 512;

    private readonly Socket _socket;
    private readonly ILogger _logger;
    private readonly MediaMetrics _metrics;
    private readonly RateLimitedLogger _dropLog;
    private readonly TimeProvider _time;
    private readonly MediaOptions _options;
    private readonly WorkerWaiter _waiter;
    private readonly ConcurrentQueue<Action> _control = new();
    private readonly byte[] _receiveBuffer = GC.AllocateArray<byte>(ReceiveBufferSize, pinned: true);
    private readonly byte[] _stunResponse = GC.AllocateArray<byte>(1024, pinned: true);
    private readonly SocketAddress _receiveAddress;
    private readonly Dictionary<string, WebRtcTransport> _byUfrag = new(StringComparer.Ordinal);
    private readonly Dictionary<SocketAddress, WebRtcTransport> _byAddress = new(SocketAddressContentComparer.Instance);
    private readonly List<WebRtcTransport> _transports = new();
    private readonly List<Action> _tickHandlers = new();
    private readonly long _startTimestamp;
    private Thread? _thread;
    private volatile bool _stopping;
    private int _wakeRequested;
    private int _threadId;
    private long _nextTickMs;
    private int _transportCount;

    internal MediaWorker(int id, MediaOptions options, DtlsCertificate certificate, ILoggerFactory loggerFactory, MediaMetrics metrics, TimeProvider time)
    {
        Id = id;
        _options = options;
        Certificate = certificate;
        _logger = loggerFactory.CreateLogger($"Sfu.Core.Transport.MediaWorker");
        _metrics = metrics;
        _time = time;
        _startTimestamp = time.GetTimestamp();
        _dropLog = new RateLimitedLogger(_logger, time);

        var listen = IPAddress.Parse(options.ListenAddress);
        _socket = new Socket(listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.ReceiveBufferSize = 4 * 1024 * 1024;
        _socket.SendBufferSize = 4 * 1024 * 1024;
        int port = options.Port == 0 ? 0 : options.Port + id;
        try
        {
            _socket.Bind(new IPEndPoint(listen, port));
        }
        catch (SocketException e)
        {
            _socket.Dispose();
            throw new InvalidOperationException(
                $"Media worker {id} cannot bind UDP {listen}:{port} ({e.SocketErrorCode}). Another process may hold it: " +
                "set Sfu:Media:Port (environment Sfu__Media__Port) to a free range, or 0 for OS-chosen ports.", e);
        }

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _receiveAddress = new SocketAddress(listen.AddressFamily);
        _sender = DatagramSender.Create(_socket, options.BatchedSends);
        _waiter = WorkerWaiter.Create(_socket, options.WakeOnControl);
    }

    public int Id { get; }

    public DtlsCertificate Certificate { get; }

    /// <summary>The bound UDP endpoint (its port is what candidates announce).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Transports on this worker (read from any thread; approximate).</summary>
    public int TransportCount => Volatile.Read(ref _transportCount);

    public bool IsRunning => _thread is { IsAlive: true } && !_stopping;

    /// <summary>Milliseconds on this worker's clock.</summary>
    public long NowMs => (long)_time.GetElapsedTime(_startTimestamp).TotalMilliseconds;

    internal void Start()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = $"sfu-media-{Id}" };
        _thread.Start();
        Log.WorkerListening(_logger, Id, LocalEndPoint.ToString());
        Log.WorkerIo(_logger, Id, _sender.Name, _waiter.Name);
    }

    /// <summary>Runs <paramref name="action"/> on the worker thread between datagrams.</summary>
    public void Post(Action action)
    {
        _control.Enqueue(action);
        RequestWake();
    }

    /// <summary>Runs <paramref name="func"/> on the worker thread and completes with its result (or exception).</summary>
    public Task<T> InvokeAsync<T>(Func<T> func)
    {
        var tcs = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_stopping)
        {
            tcs.SetException(new ObjectDisposedException(nameof(MediaWorker), "The media engine is stopping."));
            return tcs.Task;
        }

        _control.Enqueue(() =>
        {
            try
            {
                tcs.SetResult(func());
            }
            catch (Exception e)
            {
                tcs.SetException(e);
            }
        });
        RequestWake();
        return tcs.Task;
    }

    /// <summary>
    /// Wakes the worker for queued control work, with one eventfd write per empty-to-non-empty transition: the
    /// worker clears the flag before it drains the queue, so work queued after the drain began writes again.
    /// </summary>
    private void RequestWake()
    {
        if (Interlocked.Exchange(ref _wakeRequested, 1) == 0)
        {
            _waiter.Wake();
        }
    }

    /// <summary>Creates a transport on this worker. Call on the worker thread (inside <see cref="InvokeAsync{T}"/>).</summary>
    public WebRtcTransport CreateTransport(WebRtcTransportOptions options, IWebRtcTransportListener listener)
    {
        AssertOnWorkerThread();
        var id = Guid.NewGuid().ToString("N")[..12];
        var transport = new WebRtcTransport(id, this, options, listener, _logger, _metrics, TimeSpan.FromSeconds(_options.ConsentTimeoutSeconds), _options.DtlsMtu);
        _byUfrag.Add(options.LocalIce.Ufrag, transport);
        _transports.Add(transport);
        Interlocked.Increment(ref _transportCount);
        return transport;
    }

    /// <summary>
    /// Adds work that runs on every timer tick (about every 10 ms), e.g. a room's RTCP reports. Call on the worker thread.
    /// </summary>
    public void AddTickHandler(Action handler)
    {
        AssertOnWorkerThread();
        _tickHandlers.Add(handler);
    }

    /// <summary>Removes a tick handler. Call on the worker thread.</summary>
    public void RemoveTickHandler(Action handler)
    {
        AssertOnWorkerThread();
        _tickHandlers.Remove(handler);
    }

    internal void AssertOnWorkerThread()
    {
        if (_thread is not null && Environment.CurrentManagedThreadId != _threadId)
        {
            throw new InvalidOperationException("Media state belongs to its worker thread: use MediaWorker.InvokeAsync.");
        }
    }

    internal void RebindUfrag(WebRtcTransport transport, string oldUfrag, string newUfrag)
    {
        _byUfrag.Remove(oldUfrag);
        _byUfrag[newUfrag] = transport;
    }

    internal void Unregister(WebRtcTransport transport)
    {
        _byUfrag.Remove(transport.LocalIce.Ufrag);
        foreach (var a in transport.BoundAddresses)
        {
            if (_byAddress.TryGetValue(a, out var t) && ReferenceEquals(t, transport))
            {
                _byAddress.Remove(a);
            }
        }

        transport.BoundAddresses.Clear();
        if (_transports.Remove(transport))
        {
            Interlocked.Decrement(ref _transportCount);
        }
    }

    internal void LogDrop(DropReason reason, string detail, SocketAddress? from) => _dropLog.Warn(reason, detail, from);

    public void Dispose()
    {
        _stopping = true;
        _waiter.Wake();
        if (_thread is not null && _thread.IsAlive && Environment.CurrentManagedThreadId != _threadId)
        {
            _thread.Join(TimeSpan.FromSeconds(2));
        }

        foreach (var t in _transports.ToArray())
        {
            t.Dispose();
        }

        _socket.Dispose();
        _waiter.Dispose();
    }
}
