using Sfu.Load.Cli;
using Sfu.Load.Run;

namespace Sfu.Load.Tests.Run;

/// <summary>
/// The data scenario against the real server in this process: two senders and one receiver with room data on their
/// publisher connections (SCTP and DCEP of Sfu.Core over the tool's DTLS), every message relayed to the others
/// complete and in order, and the server's per-message figures present.
/// </summary>
public sealed class DataSmokeTests : IDisposable
{
    private readonly InProcessSfu _server = new();

    [Fact]
    public async Task TwoSendersAndAReceiverGetEveryReliableMessageInOrder()
    {
        var options = new LoadOptions
        {
            Url = _server.Address,
            DataSenders = 2,
            DataReceivers = 1,
            DataRate = 100,
            DataSize = 300,
            DataReliable = true,
            Duration = TimeSpan.FromSeconds(3),
            Settle = TimeSpan.FromSeconds(1),
            Ramp = 20,
            Threads = 1,
            Quiet = true,
            ServerPid = Environment.ProcessId,
        };

        var result = await new LoadRunner(options, TextWriter.Null).RunAsync(CancellationToken.None);

        var failed = string.Join("; ", result.Checks.Where(c => !c.Passed).Select(c => $"{c.Name}: {c.Detail}"));
        Assert.True(result.Passed, failed + "\n" + result.ToJson());
        Assert.Equal("data", result.Scenario);
        Assert.Equal(3, result.Connected);
        var data = Assert.IsType<DataResult>(result.Data);
        Assert.Equal((2, 1), (data.Senders, data.Receivers));
        // Each sender's messages go to the other sender and the receiver: four deliveries per pair of messages sent.
        Assert.InRange(data.SentMessagesPerSecond, 100, 250);
        Assert.InRange(data.DeliveredMessagesPerSecond, 1.5 * data.SentMessagesPerSecond, 2.5 * data.SentMessagesPerSecond);
        Assert.True(data.Expected > 2 * 2 * 100, $"only {data.Expected} messages were expected in 3 s");
        Assert.Equal((0L, 0L, 0L), (data.Missing, data.OutOfOrder, data.Refusals));
        Assert.True(data.LatencyMsMedian >= 0 && data.LatencyMsP95 >= data.LatencyMsMedian, $"latency median {data.LatencyMsMedian} ms, p95 {data.LatencyMsP95} ms");
        Assert.NotNull(data.ServerCpuMicrosecondsPerMessage);
        Assert.NotNull(data.ServerAllocatedBytes);
        Assert.Contains("\"data\":{", result.ToJson(), StringComparison.Ordinal);
    }

    public void Dispose() => _server.Dispose();
}
