using System.Diagnostics;

namespace Sfu.Server.Metrics;

/// <summary>
/// The standard <c>process_*</c> metrics of Prometheus client libraries, so stock dashboards work:
/// CPU seconds, resident and virtual memory, start time, and (on Linux) open file descriptors.
/// </summary>
internal sealed class ProcessMetrics : IDisposable
{
    /// <summary>The family names written here, which no instrument may take.</summary>
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        "process_cpu_seconds_total", "process_resident_memory_bytes", "process_virtual_memory_bytes",
        "process_start_time_seconds", "process_open_fds",
    };

    private readonly Process _process = Process.GetCurrentProcess();
    private readonly double _startTimeSeconds;

    public ProcessMetrics()
    {
        _startTimeSeconds = new DateTimeOffset(_process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0;
    }

    /// <summary>Writes the families; call from one thread at a time (the collector's scrape).</summary>
    public void Write(PrometheusTextWriter writer)
    {
        _process.Refresh();
        writer.WriteHeader("process_cpu_seconds_total", MetricKind.Counter, "Total user and system CPU time spent in seconds.");
        writer.WriteSample("process_cpu_seconds_total", "", Environment.CpuUsage.TotalTime.TotalSeconds);
        writer.WriteHeader("process_resident_memory_bytes", MetricKind.Gauge, "Resident memory size in bytes.");
        writer.WriteSample("process_resident_memory_bytes", "", _process.WorkingSet64);
        writer.WriteHeader("process_virtual_memory_bytes", MetricKind.Gauge, "Virtual memory size in bytes.");
        writer.WriteSample("process_virtual_memory_bytes", "", _process.VirtualMemorySize64);
        writer.WriteHeader("process_start_time_seconds", MetricKind.Gauge, "Start time of the process since unix epoch in seconds.");
        writer.WriteSample("process_start_time_seconds", "", _startTimeSeconds);
        if (OperatingSystem.IsLinux() && Directory.Exists("/proc/self/fd"))
        {
            writer.WriteHeader("process_open_fds", MetricKind.Gauge, "Number of open file descriptors.");
            writer.WriteSample("process_open_fds", "", (long)Directory.EnumerateFileSystemEntries("/proc/self/fd").Count());
        }
    }

    public void Dispose() => _process.Dispose();
}
