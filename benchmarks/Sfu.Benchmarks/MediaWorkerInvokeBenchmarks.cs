using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Sfu.Core.Diagnostics;
using Sfu.Core.Transport;

namespace Sfu.Benchmarks;

/// <summary>
/// The round trip of <see cref="MediaWorker.InvokeAsync{T}"/> to an idle worker (no datagrams), as a hub call makes
/// it several times per join: post, run on the worker thread, complete the task, resume the caller.
/// <c>WakeOnControl</c> = false is the worker before the eventfd: posted work waits for the socket poll to time out
/// (5 ms); true wakes the worker with an eventfd write.
/// </summary>
[MemoryDiagnoser]
public class MediaWorkerInvokeBenchmarks
{
    private MediaMetrics _metrics = null!;
    private MediaEngine _engine = null!;
    private MediaWorker _worker = null!;

    [Params(false, true)]
    public bool WakeOnControl { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _metrics = new MediaMetrics();
        _engine = new MediaEngine(
            new MediaOptions { Port = 0, Workers = 1, ListenAddress = "127.0.0.1", WakeOnControl = WakeOnControl },
            NullLoggerFactory.Instance,
            _metrics);
        _engine.Start();
        _worker = _engine.Workers[0];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _engine.Dispose();
        _metrics.Dispose();
    }

    [Benchmark]
    public Task<int> InvokeAsyncRoundTrip() => _worker.InvokeAsync(static () => 1);
}
