using System.Runtime.InteropServices;

namespace Sfu.Load.Media;

/// <summary>
/// Puts the calling thread under Linux's <c>SCHED_BATCH</c> policy: it gets its fair share of CPU as before, but a
/// wake-up (a datagram arriving on one of its sockets) no longer preempts the thread running on that core.
/// </summary>
/// <remarks>
/// Side by side on one machine, every datagram the server sends on loopback is delivered in the server's own
/// <c>sendmmsg</c> call, and its wake-up of the tool's media thread pulls that thread onto the server's core and
/// preempts the server in the middle of its batch (hundreds of times a second, each with a context switch and the
/// caches refilled). A subscriber on another machine costs the server none of that, so the tool's media threads do not
/// preempt it: they run when the server's thread sleeps or its time slice ends. Unprivileged processes may choose
/// this policy. Elsewhere (not Linux) nothing changes.
/// </remarks>
internal static class BatchScheduling
{
    private const int SchedBatch = 3;

    /// <summary>Switches the calling thread to <c>SCHED_BATCH</c>; false when the system refused or is not Linux.</summary>
    public static bool TryApplyToCurrentThread()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        int priority = 0; // struct sched_param: the static priority, 0 for the non-real-time policies
        try
        {
            return sched_setscheduler(0, SchedBatch, ref priority) == 0;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>pid 0 is the calling thread.</summary>
    [DllImport("libc", SetLastError = true)]
    private static extern int sched_setscheduler(int pid, int policy, ref int param);
}
