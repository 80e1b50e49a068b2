using BenchmarkDotNet.Attributes;
using Sfu.Core.Bwe;
using Sfu.Core.Forwarding;
using Sfu.Core.Rtcp;

namespace Sfu.Benchmarks;

/// <summary>
/// Bandwidth estimation and allocation costs. <see cref="EstimatorPerPacket"/>: recording one sent packet and
/// processing its share of transport-wide-cc feedback (feedback packets of 64 statuses, 1 in 37 lost, prebuilt);
/// the reported time is per packet. <see cref="AllocatePerCall"/>: one <see cref="StreamAllocator.Allocate"/> over
/// 10 tracks (3 audio, 1 screen share, 6 cameras of 3 layers) at a varying estimate.
/// </summary>
[MemoryDiagnoser]
public class AllocatorBenchmarks
{
    private const int PerFeedback = 64;
    private const int Rounds = 1024; // 65,536 packets: the replay repeats the 16-bit numbers exactly

    private byte[][] _feedback = [];
    private SendSideBandwidthEstimator _estimator = null!;
    private StreamAllocator _allocator = null!;
    private long _round;
    private long _call;

    [GlobalSetup]
    public void Setup()
    {
        _feedback = new byte[Rounds][];
        var arrivals = new TransportWideCcArrival[PerFeedback];
        var buffer = new byte[1500];
        for (int round = 0; round < Rounds; round++)
        {
            int count = 0;
            for (int i = 0; i < PerFeedback; i++)
            {
                long sequence = (round * PerFeedback) + i;
                if (sequence % 37 != 0)
                {
                    arrivals[count++] = new TransportWideCcArrival(sequence, (sequence * 2_000) + 30_000 + (sequence % 7 * 250));
                }
            }

            int length = TransportWideCcFeedbackBuilder.Build(buffer, 1, 2, (byte)round, round * (long)PerFeedback, arrivals.AsSpan(0, count), 1500, out _, out _);
            _feedback[round] = buffer.AsSpan(0, length).ToArray();
        }

        _estimator = new SendSideBandwidthEstimator();
        _allocator = new StreamAllocator(10);
        for (int i = 0; i < 10; i++)
        {
            _allocator.AddTrack(i < 3 ? MediaKind.Audio : MediaKind.Video, i == 3 ? TrackSource.ScreenShare : TrackSource.Camera, 3);
        }
    }

    /// <summary>One feedback round = 64 packets; time per packet.</summary>
    [Benchmark(OperationsPerInvoke = PerFeedback)]
    public long EstimatorPerPacket()
    {
        long round = _round++;
        long firstSequence = round * PerFeedback;
        for (int i = 0; i < PerFeedback; i++)
        {
            long sequence = firstSequence + i;
            _estimator.OnPacketSent((ushort)sequence, 1_200, sequence * 2_000, isProbe: false);
        }

        // The prebuilt feedback is replayed every 65,536 packets with the same 16-bit numbers, so every status matches
        // a packet just sent (the remote arrival clock jumps back once per replay; only the cost counts here).
        _estimator.OnTransportFeedback(_feedback[round % Rounds], ((round + 1) * PerFeedback * 2_000) + 50_000);
        return _estimator.EstimateBps;
    }

    [Benchmark]
    public int AllocatePerCall()
    {
        long call = _call++;
        _allocator.Allocate(300_000 + (call % 64 * 100_000), call * 100_000);
        return _allocator.TargetLayer(5);
    }
}
