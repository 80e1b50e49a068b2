using Sfu.Core.Rtcp;

namespace Sfu.Core.Bwe;

/// <summary>
/// One subscriber's send-side bandwidth estimate in the manner of Google congestion control
/// (draft-ietf-rmcat-gcc): what was sent (<see cref="OnPacketSent"/>) is matched with the subscriber's
/// transport-wide-cc feedback (<see cref="OnTransportFeedback"/>); packets are grouped into 5 ms bursts, the
/// delay gradient between groups feeds a <see cref="TrendlineEstimator"/> and an <see cref="OveruseDetector"/>, whose
/// state drives an <see cref="AimdRateController"/>; a <see cref="LossBasedController"/> decreases on heavy loss and
/// holds on moderate loss; successful probes (<see cref="Probes"/>) raise the estimate at once. Subscribers without
/// transport-wide-cc are estimated by their REMB (<see cref="OnRemb"/>), which otherwise caps the estimate.
/// </summary>
/// <remarks>
/// Times are microseconds: send times on the local clock, arrival times on the subscriber's (only differences are
/// used). The per-packet and per-feedback calls allocate nothing. The history of sent packets and the acknowledged
/// bitrate's window start small and grow with the subscriber's packet rate in <see cref="Maintain"/>, on the owner's
/// tick. One per subscriber transport, used on its media worker thread only.
/// </remarks>
public sealed class SendSideBandwidthEstimator
{
    private readonly BandwidthEstimatorSettings _settings;
    private readonly SentPacketHistory _history = new();
    private readonly PacketGrouper _grouper = new();
    private readonly TrendlineEstimator _trendline = new();
    private readonly OveruseDetector _detector = new();
    private readonly AimdRateController _rate;
    private readonly LossBasedController _loss = new();
    private readonly AcknowledgedBitrateEstimator _acknowledged = new();
    private long _rembBps;

    /// <summary>Creates an estimator with default bounds (30 kbit/s .. 20 Mbit/s, starting at 500 kbit/s).</summary>
    public SendSideBandwidthEstimator()
        : this(new BandwidthEstimatorSettings())
    {
    }

    /// <summary>Creates an estimator with the given bounds.</summary>
    public SendSideBandwidthEstimator(BandwidthEstimatorSettings settings)
    {
        _settings = settings;
        _rate = new AimdRateController(settings.InitialBps, settings.MinBps, settings.MaxBps);
        EstimateBps = _rate.RateBps;
    }

    /// <summary>The bandwidth estimate towards the subscriber, bit/s.</summary>
    public long EstimateBps { get; private set; }

    /// <summary>The bitrate the subscriber acknowledged recently, bit/s (0 until known).</summary>
    public long AcknowledgedBps => _acknowledged.BitrateBps;

    /// <summary>The delay-based detector's state after the last feedback.</summary>
    public BandwidthUsage DelayState => _detector.State;

    /// <summary>The loss fraction of the last complete loss window.</summary>
    public double LossFraction => _loss.LossFraction;

    /// <summary>True once a transport-wide-cc feedback was parsed: REMB then only caps the estimate.</summary>
    public bool HasTransportFeedback { get; private set; }

    /// <summary>The probe controller: start clusters, ask for the padding due, read results.</summary>
    public ProbeController Probes { get; } = new();

    /// <summary>The last probe result adopted or not, bit/s (0 before one).</summary>
    public long LastProbeResultBps { get; private set; }

    /// <summary>Feedback packets processed.</summary>
    public long FeedbackCount { get; private set; }

    /// <summary>Feedback entries about packets not (or no longer) in the history, or reported twice.</summary>
    public long UnmatchedFeedbackCount { get; private set; }

    /// <summary>Entries of the history of sent packets (it grows with the packet rate, see <see cref="Maintain"/>).</summary>
    public int HistoryCapacity => _history.Capacity;

    /// <summary>
    /// Sizes the history of sent packets and the acknowledged-bitrate window to the packet rate: call on the owner's
    /// tick (every 10-20 ms). Allocates only when one of them grows, a few times in a subscriber's life.
    /// </summary>
    public void Maintain()
    {
        _history.Maintain();
        _acknowledged.Maintain();
    }

    /// <summary>Records a packet sent with transport-wide sequence number <paramref name="transportSequenceNumber"/>.</summary>
    public void OnPacketSent(ushort transportSequenceNumber, int size, long sendTimeUs, bool isProbe)
    {
        int cluster = Probes.OnPacketSent(size, isProbe, sendTimeUs);
        _history.Add(transportSequenceNumber, size, sendTimeUs, cluster);
    }

    /// <summary>
    /// Before any feedback: starts the estimate at <paramref name="bps"/> (e.g. what is being sent already, so that the
    /// first feedback does not cut a stream that the path carries). Ignored once feedback was processed.
    /// </summary>
    public void SetStartRate(long bps)
    {
        if (HasTransportFeedback || FeedbackCount > 0)
        {
            return;
        }

        _rate.SetRate(Math.Clamp(bps, _settings.MinBps, _settings.MaxBps), 0);
        Publish();
    }

    /// <summary>Asks for a probe towards <paramref name="targetBps"/> (see <see cref="ProbeController.TryStart"/>).</summary>
    public bool RequestProbe(long targetBps, long nowUs, long durationUs = ProbeController.DefaultDurationUs) =>
        Probes.TryStart(Math.Min(targetBps, _settings.MaxBps), nowUs, durationUs);

    /// <summary>
    /// Processes one transport-wide-cc feedback packet (a single RTCP packet, RTPFB FMT 15) and updates the estimate.
    /// Returns the parse error, <see cref="RtcpParseError.None"/> when it was used.
    /// </summary>
    public RtcpParseError OnTransportFeedback(ReadOnlySpan<byte> rtcpPacket, long nowUs)
    {
        RtcpParseError error = TransportWideCcFeedback.TryParse(rtcpPacket, out TransportWideCcFeedback feedback);
        if (error != RtcpParseError.None)
        {
            return error;
        }

        HasTransportFeedback = true;
        FeedbackCount++;
        bool overuse = false;
        int lost = 0;
        int reported = 0;
        long extended = _history.Extend(feedback.BaseSequenceNumber);
        foreach (TransportWideCcPacketStatus status in feedback)
        {
            long sequence = extended++;
            if (!_history.TryReport(sequence, out int size, out long sendUs, out int cluster))
            {
                UnmatchedFeedbackCount++;
                continue;
            }

            reported++;
            if (!status.IsReceived)
            {
                lost++;
                if (cluster != 0)
                {
                    Probes.OnClusterPacketLost(cluster, size);
                }

                continue;
            }

            long arrivalUs = status.ArrivalTimeMicroseconds;
            _acknowledged.OnAcknowledged(arrivalUs, size);
            if (cluster != 0)
            {
                Probes.OnClusterPacketReceived(cluster, size, sendUs, arrivalUs);
            }

            if (_grouper.Add(sendUs, arrivalUs, out long sendDeltaUs, out long arrivalDeltaUs, out long groupArrivalUs))
            {
                double trend = _trendline.Update(sendDeltaUs / 1000.0, arrivalDeltaUs / 1000.0, groupArrivalUs / 1000.0);
                overuse |= _detector.Detect(trend, sendDeltaUs / 1000.0, groupArrivalUs / 1000.0) == BandwidthUsage.Overusing;
            }
        }

        if (reported > 0)
        {
            UpdateRate(overuse ? BandwidthUsage.Overusing : _detector.State, lost, reported, nowUs);
        }

        Probes.OnFeedbackProcessed(nowUs);
        if (Probes.TryTakeResult(out long probeBps))
        {
            LastProbeResultBps = probeBps;
            if (probeBps > _rate.RateBps)
            {
                _rate.SetRate(probeBps, nowUs);
            }
        }

        Publish();
        return RtcpParseError.None;
    }

    /// <summary>
    /// A REMB from the subscriber: the estimate itself while no transport-wide-cc feedback came, else a cap on it.
    /// </summary>
    public void OnRemb(long bps)
    {
        _rembBps = Math.Max(bps, 0);
        if (!HasTransportFeedback)
        {
            _rate.SetRate(_rembBps, 0);
        }

        Publish();
    }

    private void UpdateRate(BandwidthUsage usage, int lost, int reported, long nowUs)
    {
        bool allowIncrease = _loss.Action == LossAction.AllowIncrease;
        _rate.Update(usage, _acknowledged.BitrateBps, allowIncrease, nowUs);
        if (_loss.Update(lost, reported, _rate.RateBps, nowUs, _acknowledged.BitrateBps) == LossAction.Decrease && _loss.DecreasedBps < _rate.RateBps)
        {
            _rate.SetRate(_loss.DecreasedBps, nowUs);
        }
    }

    private void Publish()
    {
        long estimate = _rate.RateBps;
        if (HasTransportFeedback && _rembBps > 0)
        {
            estimate = Math.Min(estimate, _rembBps);
        }

        EstimateBps = Math.Clamp(estimate, _settings.MinBps, _settings.MaxBps);
    }
}
