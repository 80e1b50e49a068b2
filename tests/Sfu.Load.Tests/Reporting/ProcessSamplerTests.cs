using Sfu.Load.Reporting;

namespace Sfu.Load.Tests.Reporting;

/// <summary>CPU time and RSS from the /proc files' text, and from the live test process.</summary>
public sealed class ProcessSamplerTests
{
    [Fact]
    public void StatAndStatusAreReadEvenWithSpacesAndParenthesesInTheCommandName()
    {
        const string stat = "4242 (Sfu (srv) x) S 1 4242 4242 0 -1 4194560 12345 0 0 0 250 75 0 0 20 0 30 0 100 1000000 500 18446744073709551615";
        const string status = "Name:\tSfu.Server\nVmPeak:\t  900000 kB\nVmRSS:\t  204800 kB\nThreads:\t30\n";
        var sample = ProcessSampler.Parse(stat, status, 7);
        Assert.NotNull(sample);
        Assert.Equal(TimeSpan.FromSeconds(3.25), sample.Value.Cpu); // (250 + 75) ticks of 1/100 s
        Assert.Equal(TimeSpan.FromSeconds(2.5), sample.Value.UserCpu);
        Assert.Equal(TimeSpan.FromSeconds(0.75), sample.Value.SystemCpu);
        Assert.Equal(204800L * 1024, sample.Value.RssBytes);
        Assert.Equal(7, sample.Value.AtUs);
    }

    [Fact]
    public void SomethingElseIsNotASample()
    {
        Assert.Null(ProcessSampler.Parse("garbage", "", 0));
        Assert.Null(ProcessSampler.Parse("1 (x) S 1 2", "", 0));
    }

    [Fact]
    public void CpuPercentIsCpuTimeOverWallTime()
    {
        var from = new ProcessSample(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(0.5), 0, 0);
        var to = new ProcessSample(TimeSpan.FromSeconds(1.2), TimeSpan.FromSeconds(0.8), 0, 2_000_000);
        Assert.Equal(25, ProcessSampler.CpuPercent(from, to), 6);
        Assert.Equal(10, ProcessSampler.UserCpuPercent(from, to), 6);
        Assert.Equal(15, ProcessSampler.SystemCpuPercent(from, to), 6);
    }

    [Fact]
    public void TheLiveProcessCanBeSampled()
    {
        var sample = new ProcessSampler(Environment.ProcessId).TrySample();
        Assert.NotNull(sample);
        Assert.True(sample.Value.RssBytes > 10 << 20);
        Assert.True(sample.Value.Cpu > TimeSpan.Zero);
        Assert.Null(new ProcessSampler(int.MaxValue).TrySample());
    }
}
