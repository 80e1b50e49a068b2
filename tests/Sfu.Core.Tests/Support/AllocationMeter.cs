using System.Runtime;

namespace Sfu.Core.Tests;

/// <summary>
/// Helps tests that assert an allocation count of zero. A garbage collection started meanwhile (by another thread:
/// tests run in parallel) makes <see cref="GC.GetAllocatedBytesForCurrentThread"/> jump by the unused part of this
/// thread's allocation context, so such tests run in the non-parallel <see cref="AllocationCollection"/> and measure
/// inside a no-GC region.
/// </summary>
public static class AllocationMeter
{
    /// <summary>What <paramref name="action"/> allocates on this thread, measured inside a no-GC region.</summary>
    public static long Measure(Action action)
    {
        using var region = NoGcRegion();
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>Starts a no-GC region (64 MiB budget) ended by disposing; a no-op when one is already active.</summary>
    public static IDisposable NoGcRegion()
    {
        if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
        {
            return new Region(false);
        }

        try
        {
            return new Region(GC.TryStartNoGCRegion(64L * 1024 * 1024));
        }
        catch (InvalidOperationException)
        {
            return new Region(false);
        }
    }

    private sealed class Region(bool started) : IDisposable
    {
        public void Dispose()
        {
            if (started && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
            {
                GC.EndNoGCRegion();
            }
        }
    }
}

/// <summary>Tests that measure allocations run alone, not beside other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationCollection
{
    public const string Name = "allocation";
}
