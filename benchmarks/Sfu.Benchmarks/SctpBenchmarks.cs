using BenchmarkDotNet.Attributes;
using Sfu.Core.Sctp;

namespace Sfu.Benchmarks;

/// <summary>
/// Data channel throughput: messages through one SCTP association pair in process (both ends on this thread, packets
/// handed over through a preallocated ring), reliable ordered or lossy (unordered, no retransmissions). One operation
/// is one message sent, acknowledged and delivered; Allocated is per message.
/// </summary>
[MemoryDiagnoser]
public class SctpBenchmarks
{
    private const int Batch = 1000;
    private Sfu.Core.Tests.Sctp.SctpRingPair _pair = null!;
    private byte[] _message = [];

    [Params(64, 1024, 16384)]
    public int Size { get; set; }

    [Params(false, true)]
    public bool Lossy { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _pair = new Sfu.Core.Tests.Sctp.SctpRingPair();
        _message = new byte[Size];
        Exchange();
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Exchange() =>
        _pair.Exchange(_message, Batch, Lossy, Lossy ? SctpReliability.NoRetransmissions : SctpReliability.Reliable);
}
