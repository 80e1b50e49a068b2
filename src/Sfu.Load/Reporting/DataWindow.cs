namespace Sfu.Load.Reporting;

/// <summary>
/// What the server did over one window of the data scenario, sampled at its ends: CPU time (from /proc) and managed
/// bytes allocated (from its /metrics). Either may be missing: without <c>--server-pid</c>, or when /metrics cannot be
/// read.
/// </summary>
public sealed record DataWindow(long StartUs, long EndUs, ProcessSample? CpuStart, ProcessSample? CpuEnd, long? AllocatedStart, long? AllocatedEnd)
{
    public double Seconds => Math.Max(1e-3, (EndUs - StartUs) / 1e6);

    /// <summary>Server CPU seconds in the window, or null.</summary>
    public double? CpuSeconds => CpuStart is { } a && CpuEnd is { } b ? (b.Cpu - a.Cpu).TotalSeconds : null;

    /// <summary>Bytes the server allocated in the window, or null.</summary>
    public long? Allocated => AllocatedStart is long a && AllocatedEnd is long b ? b - a : null;
}
