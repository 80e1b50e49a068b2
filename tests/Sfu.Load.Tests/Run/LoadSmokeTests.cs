using Sfu.Load.Cli;
using Sfu.Load.Run;

namespace Sfu.Load.Tests.Run;

/// <summary>
/// The tool's own smoke test: one publisher (audio + three-layer VP8 simulcast) and five subscribers for five seconds
/// against the real server in this process. Everyone connects, nothing is lost, every subscriber gets audio and the
/// top layer's video, and every picture starts with a keyframe.
/// </summary>
public sealed class LoadSmokeTests : IDisposable
{
    private readonly InProcessSfu _server = new();

    [Fact]
    public async Task OnePublisherAndFiveSubscribersReceiveEverythingWithoutLoss()
    {
        var options = new LoadOptions
        {
            Url = _server.Address,
            Publishers = 1,
            Subscribers = 5,
            Duration = TimeSpan.FromSeconds(5),
            Ramp = 20,
            Threads = 1,
            MaxLossPercent = 0,
            Quiet = true,
            ServerPid = Environment.ProcessId,
        };

        var result = await new LoadRunner(options, TextWriter.Null).RunAsync(CancellationToken.None);

        var failed = string.Join("; ", result.Checks.Where(c => !c.Passed).Select(c => $"{c.Name}: {c.Detail}"));
        Assert.True(result.Passed, failed + "\n" + result.ToJson());
        Assert.Equal(6, result.Connected);
        Assert.Equal(0, result.Lost);
        Assert.Equal(0, result.KeyframeViolations);
        Assert.Equal(5, result.AudioTracksReceived);
        Assert.Equal(5, result.VideoTracksReceived);
        Assert.True(result.Expected > 5 * 5 * (50 + 100), $"only {result.Expected} packets were expected by the subscribers in 5 s");
        Assert.Equal([0, 0, 5], result.VideoTracksPerLayer);
        Assert.True(result.FirstAudioMsMedian >= 0 && result.FirstVideoMsMedian >= 0, $"first audio {result.FirstAudioMsMedian} ms, first video {result.FirstVideoMsMedian} ms");
        Assert.True(result.FirstVideoMsP95 >= result.FirstVideoMsMedian);
        Assert.Equal(5, result.FrameSizes["1280x720"]);
        Assert.True(result.ForwardedPacketsPerSecond > 5 * 150, $"forwarded {result.ForwardedPacketsPerSecond} packets/s");
        Assert.NotNull(result.ServerCpuMicrosecondsPerPacket);
        Assert.Contains("\"passed\":true", result.ToJson(), StringComparison.Ordinal);
    }

    public void Dispose() => _server.Dispose();
}
