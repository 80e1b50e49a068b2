using System.Collections.Concurrent;
using System.Net.Sockets;

namespace Sfu.Load.Media;

/// <summary>
/// One media thread of the load tool: it owns many peer connections, waits on all their sockets with one
/// <see cref="Epoll"/>, reads and handles what arrives, and about every millisecond runs every peer's timers (ICE,
/// DTLS, the media senders). Control work from other threads (start a peer, apply a renegotiation, close) is posted
/// with <see cref="Post"/> and runs between datagrams, so a peer's state is only ever touched by this thread.
/// </summary>
/// <remarks>Like the server's media workers: a few such loops serve hundreds of peers; no thread per peer.</remarks>
public sealed class MediaLoop : IDisposable
{
    /// <summary>Largest datagram read (loopback MTU).</summary>
    public const int ReceiveBufferLength = 65536;

    /// <summary>Room for one packet being built: 1,200 bytes of RTP or RTCP plus SRTP's tag, with margin.</summary>
    public const int SendBufferLength = 4096;

    private const int TickMicroseconds = 1000;

    private readonly ConcurrentQueue<Action> _control = new();
    private readonly List<PeerConnection?> _peers = [];
    private readonly Stack<int> _freeIds = new();
    private readonly Epoll _epoll = new();
    private readonly Thread _thread;
    private readonly bool _batchScheduling;
    private volatile bool _stopping;
    private Exception? _crash;

    /// <summary>Creates and starts the loop's thread; under <c>SCHED_BATCH</c> when <paramref name="batchScheduling"/>.</summary>
    public MediaLoop(string name, bool batchScheduling = false)
    {
        Name = name;
        _batchScheduling = batchScheduling;
        _thread = new Thread(Run) { Name = name, IsBackground = true };
        _thread.Start();
    }

    public string Name { get; }

    /// <summary>The buffer packets are built and protected in (loop thread only).</summary>
    public byte[] SendBuffer { get; } = GC.AllocateArray<byte>(SendBufferLength, pinned: true);

    /// <summary>The buffer datagrams are read and unprotected in (loop thread only) when <see cref="ReceiveBatch"/> is null.</summary>
    public byte[] ReceiveBuffer { get; } = GC.AllocateArray<byte>(ReceiveBufferLength, pinned: true);

    /// <summary>Where peers read their datagrams with their kernel receive times (loop thread only); null where unsupported.</summary>
    public ReceiveBatch? ReceiveBatch { get; } = ReceiveBatch.IsSupported ? new ReceiveBatch() : null;

    /// <summary>An exception that stopped the loop (a bug), or null.</summary>
    public Exception? Crash => _crash;

    /// <summary>Runs <paramref name="action"/> on the loop thread, between datagrams.</summary>
    public void Post(Action action) => _control.Enqueue(action);

    /// <summary>Runs <paramref name="action"/> on the loop thread and completes with its result.</summary>
    public Task<T> InvokeAsync<T>(Func<T> action)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            try
            {
                done.SetResult(action());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        return done.Task;
    }

    /// <summary>Starts <paramref name="peer"/> towards <paramref name="remote"/> on this loop.</summary>
    public void Start(PeerConnection peer, RemoteTransport remote) => Post(() => peer.Start(remote, MediaClock.NowMicroseconds()));

    /// <summary>Closes <paramref name="peer"/> (close_notify, socket closed) and waits until it is done.</summary>
    public Task CloseAsync(PeerConnection peer) => _stopping ? Task.CompletedTask : InvokeAsync(() => { peer.Close(); return true; });

    /// <summary>Loop thread: gives a started peer an id and watches its socket.</summary>
    internal int Register(PeerConnection peer, Socket socket)
    {
        int id;
        if (_freeIds.Count > 0)
        {
            id = _freeIds.Pop();
            _peers[id] = peer;
        }
        else
        {
            id = _peers.Count;
            _peers.Add(peer);
        }

        _epoll.Add(socket.SafeHandle.DangerousGetHandle(), id);
        return id;
    }

    /// <summary>Loop thread: stops watching a peer's socket (before it is closed) and frees its id.</summary>
    internal void Unregister(int id, Socket socket)
    {
        _epoll.Remove(socket.SafeHandle.DangerousGetHandle());
        if (id >= 0 && id < _peers.Count)
        {
            _peers[id] = null;
            _freeIds.Push(id);
        }
    }

    private void Run()
    {
        if (_batchScheduling)
        {
            BatchScheduling.TryApplyToCurrentThread();
        }

        Span<int> ready = stackalloc int[256];
        long nextTickUs = 0;
        try
        {
            while (!_stopping)
            {
                while (_control.TryDequeue(out var action))
                {
                    action();
                }

                long nowUs = MediaClock.NowMicroseconds();
                if (nowUs >= nextTickUs)
                {
                    nextTickUs = nowUs + TickMicroseconds;
                    for (int i = 0; i < _peers.Count; i++)
                    {
                        _peers[i]?.OnTick(nowUs);
                    }
                }

                int n = _epoll.Wait(ready, 1);
                if (n > 0)
                {
                    nowUs = MediaClock.NowMicroseconds();
                    for (int i = 0; i < n; i++)
                    {
                        int id = ready[i];
                        if (id < _peers.Count)
                        {
                            _peers[id]?.OnReadable(nowUs);
                        }
                    }
                }
            }
        }
        catch (Exception e)
        {
            _crash = e;
            Console.Error.WriteLine($"{Name} stopped: {e}");
        }
        finally
        {
            for (int i = 0; i < _peers.Count; i++)
            {
                _peers[i]?.Close(); // closing unregisters: index, do not enumerate
            }
        }
    }

    /// <summary>Stops the thread and closes every peer still open.</summary>
    public void Dispose()
    {
        _stopping = true;
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }

        _epoll.Dispose();
    }
}
