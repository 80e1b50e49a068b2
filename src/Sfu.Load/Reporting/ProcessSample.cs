namespace Sfu.Load.Reporting;

/// <summary>
/// A process's CPU time used so far, in user mode and in the kernel on its behalf, and its resident memory, at a
/// moment of the media clock.
/// </summary>
public readonly record struct ProcessSample(TimeSpan UserCpu, TimeSpan SystemCpu, long RssBytes, long AtUs)
{
    /// <summary>User and system time together.</summary>
    public TimeSpan Cpu => UserCpu + SystemCpu;
}
