using Sfu.Core.Bwe;
using Sfu.Core.Rtcp;

namespace Sfu.Core.Tests.Bwe;

/// <summary>
/// A generated network for the estimator, without sockets: a sender paced at a rate (by default the estimate itself,
/// closing the loop), a FIFO bottleneck of a given capacity with a propagation delay and seeded random loss, and a
/// receiver that sends transport-wide-cc feedback every 50 ms for what has arrived.
/// </summary>
internal sealed class BottleneckSimulator
{
    public const int PacketSize = 1200;
    private const long TickUs = 5_000;
    private const long FeedbackIntervalUs = 50_000;
    private const long PropagationUs = 20_000;

    private readonly List<TransportWideCcArrival> _arrivals = new();
    private readonly Random _random;
    private readonly byte[] _feedback = new byte[1500];
    private long _busyUntilUs;
    private long _nextFeedbackUs = FeedbackIntervalUs;
    private long _nextBase;
    private long _sequence;
    private double _creditBytes;
    private double _probeCreditBytes;
    private byte _feedbackCount;

    public BottleneckSimulator(SendSideBandwidthEstimator estimator, long capacityBps, int seed = 1, long firstSequence = 0)
    {
        _sequence = firstSequence;
        _nextBase = firstSequence;
        Estimator = estimator;
        CapacityBps = capacityBps;
        _random = new Random(seed);
    }

    public SendSideBandwidthEstimator Estimator { get; }

    public long CapacityBps { get; set; }

    public double LossRate { get; set; }

    /// <summary>Fixed media send rate; 0 = send at the estimate.</summary>
    public long FixedSendBps { get; set; }

    public long NowUs { get; private set; }

    public bool SawOveruse { get; private set; }

    public long MaxQueueDelayUs { get; private set; }

    /// <summary>Runs the simulation for a while.</summary>
    public void Run(long durationUs)
    {
        long end = NowUs + durationUs;
        while (NowUs < end)
        {
            NowUs += TickUs;
            Estimator.Maintain(); // the owner's tick: the history follows the packet rate
            long rate = FixedSendBps > 0 ? FixedSendBps : Estimator.EstimateBps;
            _creditBytes += rate * (TickUs / 1e6) / 8;
            while (_creditBytes >= PacketSize)
            {
                _creditBytes -= PacketSize;
                Send(PacketSize, false);
            }

            int padding = Estimator.Probes.PaddingBytesDue(NowUs);
            _probeCreditBytes += padding;
            while (_probeCreditBytes >= PacketSize)
            {
                _probeCreditBytes -= PacketSize;
                Send(PacketSize, true);
            }

            if (NowUs >= _nextFeedbackUs)
            {
                _nextFeedbackUs += FeedbackIntervalUs;
                SendFeedback();
            }

            SawOveruse |= Estimator.DelayState == BandwidthUsage.Overusing;
        }
    }

    private void Send(int size, bool probe)
    {
        ushort sequenceNumber = (ushort)_sequence;
        Estimator.OnPacketSent(sequenceNumber, size, NowUs, probe);
        long sequence = _sequence++;
        if (_random.NextDouble() < LossRate)
        {
            return;
        }

        long serializationUs = size * 8L * 1_000_000 / CapacityBps;
        long departure = Math.Max(NowUs, _busyUntilUs) + serializationUs;
        MaxQueueDelayUs = Math.Max(MaxQueueDelayUs, departure - NowUs);
        if (departure - NowUs > 1_000_000)
        {
            return; // the router's buffer is full: tail drop
        }

        _busyUntilUs = departure;
        _arrivals.Add(new TransportWideCcArrival(sequence, departure + PropagationUs));
    }

    private void SendFeedback()
    {
        int ready = 0;
        while (ready < _arrivals.Count && _arrivals[ready].ArrivalTimeMicroseconds <= NowUs)
        {
            ready++;
        }

        if (ready == 0)
        {
            return;
        }

        // Remote clock: 100 s ahead of ours, to show only differences matter.
        var arrivals = new TransportWideCcArrival[ready];
        for (int i = 0; i < ready; i++)
        {
            arrivals[i] = _arrivals[i] with { ArrivalTimeMicroseconds = _arrivals[i].ArrivalTimeMicroseconds + 100_000_000 };
        }

        _arrivals.RemoveRange(0, ready);
        ReadOnlySpan<TransportWideCcArrival> rest = arrivals;
        while (!rest.IsEmpty)
        {
            int length = TransportWideCcFeedbackBuilder.Build(_feedback, 1, 2, _feedbackCount++, _nextBase, rest, 1200, out int consumed, out long next);
            _nextBase = next;
            rest = rest.Slice(consumed);
            Assert.Equal(RtcpParseError.None, Estimator.OnTransportFeedback(_feedback.AsSpan(0, length), NowUs));
        }
    }
}
