using System.Globalization;
using Sfu.Load.Media;

namespace Sfu.Load.Reporting;

/// <summary>
/// Reads a Linux process's CPU time (<c>utime</c> and <c>stime</c> from <c>/proc/&lt;pid&gt;/stat</c>, in clock ticks of
/// 1/100 s) and resident memory (<c>VmRSS</c> from <c>/proc/&lt;pid&gt;/status</c>). CPU % between two samples is
/// CPU time over wall time: 100 % is one core busy.
/// </summary>
public sealed class ProcessSampler
{
    /// <summary>USER_HZ: the unit of the stat file's times on every Linux architecture .NET runs on.</summary>
    public const int ClockTicksPerSecond = 100;

    private readonly string _statPath;
    private readonly string _statusPath;

    public ProcessSampler(int pid)
    {
        Pid = pid;
        _statPath = $"/proc/{pid}/stat";
        _statusPath = $"/proc/{pid}/status";
    }

    public int Pid { get; }

    /// <summary>A sample now, or null when the process is gone (or /proc is not there).</summary>
    public ProcessSample? TrySample()
    {
        try
        {
            string stat = File.ReadAllText(_statPath);
            string status = File.ReadAllText(_statusPath);
            return Parse(stat, status, MediaClock.NowMicroseconds());
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Parses the two files' text; null when they are not what Linux writes.</summary>
    public static ProcessSample? Parse(string stat, string status, long atUs)
    {
        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        int close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        string[] fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // fields[0] is field 3 (state); utime is field 14, stime field 15.
        if (fields.Length < 13
            || !long.TryParse(fields[11], NumberStyles.Integer, CultureInfo.InvariantCulture, out long utime)
            || !long.TryParse(fields[12], NumberStyles.Integer, CultureInfo.InvariantCulture, out long stime))
        {
            return null;
        }

        long rssKb = 0;
        foreach (string line in status.Split('\n'))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                string[] parts = line["VmRSS:".Length..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length > 0)
                {
                    _ = long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out rssKb);
                }
            }
        }

        return new ProcessSample(
            TimeSpan.FromSeconds((double)utime / ClockTicksPerSecond),
            TimeSpan.FromSeconds((double)stime / ClockTicksPerSecond),
            rssKb * 1024,
            atUs);
    }

    /// <summary>CPU % between two samples (100 = one core).</summary>
    public static double CpuPercent(ProcessSample from, ProcessSample to) => Percent(from, to, to.Cpu - from.Cpu);

    /// <summary>User-mode CPU % between two samples.</summary>
    public static double UserCpuPercent(ProcessSample from, ProcessSample to) => Percent(from, to, to.UserCpu - from.UserCpu);

    /// <summary>Kernel CPU % between two samples (system calls, and on loopback the receiver's side of each datagram sent).</summary>
    public static double SystemCpuPercent(ProcessSample from, ProcessSample to) => Percent(from, to, to.SystemCpu - from.SystemCpu);

    private static double Percent(ProcessSample from, ProcessSample to, TimeSpan cpu)
    {
        double wall = (to.AtUs - from.AtUs) / 1e6;
        return wall <= 0 ? 0 : cpu.TotalSeconds / wall * 100;
    }
}
