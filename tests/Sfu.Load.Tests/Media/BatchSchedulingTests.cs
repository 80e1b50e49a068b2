using System.Globalization;
using Sfu.Load.Media;

namespace Sfu.Load.Tests.Media;

/// <summary>SCHED_BATCH on the calling thread, read back from the kernel.</summary>
public sealed class BatchSchedulingTests
{
    [Fact]
    public void TheThreadRunsUnderSchedBatchAfterwardsAndOtherThreadsDoNot()
    {
        bool applied = false;
        int policy = -1;
        var thread = new Thread(() =>
        {
            applied = BatchScheduling.TryApplyToCurrentThread();
            policy = PolicyOfThisThread();
        });
        thread.Start();
        thread.Join();

        Assert.True(applied);
        Assert.Equal(3, policy); // SCHED_BATCH
        Assert.Equal(0, PolicyOfThisThread()); // SCHED_OTHER: only the thread that asked
    }

    /// <summary>Field 41 of /proc/thread-self/stat: the scheduling policy.</summary>
    private static int PolicyOfThisThread()
    {
        string stat = File.ReadAllText("/proc/thread-self/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[41 - 3], CultureInfo.InvariantCulture);
    }
}
