using Microsoft.Extensions.Logging.Abstractions;
using Sfu.Core.Diagnostics;
using Sfu.Core.Transport;

namespace Sfu.Core.Tests.Transport;

/// <summary>
/// Posted control work wakes an idle worker at once (eventfd), instead of waiting for its poll to time out. Checked by
/// why each wait returned, not by wall time.
/// </summary>
public sealed class MediaWorkerWakeTests : IDisposable
{
    private const int Calls = 20;

    private readonly MediaMetrics _metrics = new();
    private MediaEngine? _engine;

    [Fact]
    public async Task InvokeAsyncWakesAnIdleWorkerInsteadOfWaitingForThePollTimeout()
    {
        var worker = Start(wakeOnControl: true);
        Assert.True(worker.WakesOnControl);
        await worker.InvokeAsync(() => 0);
        long wakeupsBefore = worker.ControlWakeups;

        var reasons = new List<WorkerWakeReason>();
        for (int i = 0; i < Calls; i++)
        {
            reasons.Add(await worker.InvokeAsync(() => worker.LastWake));
        }

        // Each call ran right after a wait that the call itself ended. A wait may now and then time out just as a call
        // is posted (a timer tick is due every 10 ms), so allow a few; without the wake-up every one times out.
        int woken = reasons.Count(r => (r & WorkerWakeReason.Control) != 0);
        Assert.True(woken >= Calls - 4, $"only {woken} of {Calls} calls woke the worker: {string.Join(", ", reasons)}");
        Assert.True(worker.ControlWakeups - wakeupsBefore >= woken);
    }

    [Fact]
    public async Task PostWakesAnIdleWorker()
    {
        var worker = Start(wakeOnControl: true);
        await worker.InvokeAsync(() => 0);
        int woken = 0;
        for (int i = 0; i < Calls; i++)
        {
            var ran = new TaskCompletionSource<WorkerWakeReason>(TaskCreationOptions.RunContinuationsAsynchronously);
            worker.Post(() => ran.SetResult(worker.LastWake));
            woken += (await ran.Task.WaitAsync(TimeSpan.FromSeconds(10)) & WorkerWakeReason.Control) != 0 ? 1 : 0;
        }

        Assert.True(woken >= Calls - 4, $"only {woken} of {Calls} posts woke the worker");
    }

    [Fact]
    public async Task WithoutTheWakeUpPostedWorkWaitsForTheTimeout()
    {
        // The portable waiter (and the behaviour before the eventfd): what the tests above tell apart.
        var worker = Start(wakeOnControl: false);
        Assert.False(worker.WakesOnControl);
        await worker.InvokeAsync(() => 0);
        var reasons = new List<WorkerWakeReason>();
        for (int i = 0; i < Calls; i++)
        {
            reasons.Add(await worker.InvokeAsync(() => worker.LastWake));
        }

        Assert.All(reasons, r => Assert.Equal(WorkerWakeReason.Timeout, r));
        Assert.Equal(0, worker.ControlWakeups);
    }

    [Fact]
    public async Task TimerTicksKeepComingWithoutTrafficOrControlWork()
    {
        var worker = Start(wakeOnControl: true);
        int ticks = 0;
        var tenTicks = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await worker.InvokeAsync(() =>
        {
            worker.AddTickHandler(() =>
            {
                if (++ticks == 10)
                {
                    tenTicks.SetResult();
                }
            });
            return 0;
        });

        await tenTicks.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AStoppedWorkerIgnoresPostsAndRefusesInvokes()
    {
        var worker = Start(wakeOnControl: true);
        await worker.InvokeAsync(() => 0);
        _engine!.Dispose();
        worker.Post(() => { });
        await Assert.ThrowsAsync<ObjectDisposedException>(() => worker.InvokeAsync(() => 0));
    }

    public void Dispose()
    {
        _engine?.Dispose();
        _metrics.Dispose();
    }

    private MediaWorker Start(bool wakeOnControl)
    {
        _engine = new MediaEngine(new MediaOptions { Port = 0, Workers = 1, ListenAddress = "127.0.0.1", WakeOnControl = wakeOnControl }, NullLoggerFactory.Instance, _metrics);
        _engine.Start();
        return _engine.Workers[0];
    }
}
