namespace Sfu.Core.Bwe;

/// <summary>
/// The delay-based rate controller of draft-ietf-rmcat-gcc section 5.5: additive increase, multiplicative decrease.
/// Overuse → decrease to <see cref="Beta"/> × the acknowledged bitrate (once per <see cref="MinDecreaseIntervalUs"/>);
/// normal → increase, multiplicatively (about 8 % per second) while far from the link capacity seen at past decreases,
/// additively (about one 1,200-byte packet per response time) near it; underuse → hold (a queue is draining).
/// The rate never exceeds 1.5 × the acknowledged bitrate + 10 kbit/s, so it does not run away from what is sent.
/// </summary>
public sealed class AimdRateController
{
    /// <summary>Decrease factor applied to the acknowledged bitrate on overuse.</summary>
    public const double Beta = 0.85;

    /// <summary>Multiplicative increase per second, far from convergence.</summary>
    public const double IncreasePerSecond = 1.08;

    /// <summary>Least time between two decreases.</summary>
    public const long MinDecreaseIntervalUs = 200_000;

    private const double PacketBits = 1200 * 8;
    private const long ResponseTimeUs = 200_000; // RTT (assumed 100 ms) + 100 ms

    private readonly long _minBps;
    private readonly long _maxBps;
    private long _lastUpdateUs = long.MinValue;
    private long _lastDecreaseUs = long.MinValue;
    private double _linkCapacityBps = -1;
    private double _linkCapacityVariance = 0.4;

    /// <summary>Creates a controller starting at <paramref name="initialBps"/>.</summary>
    public AimdRateController(long initialBps, long minBps, long maxBps)
    {
        _minBps = minBps;
        _maxBps = maxBps;
        RateBps = Math.Clamp(initialBps, minBps, maxBps);
    }

    /// <summary>The current delay-based rate in bit/s.</summary>
    public long RateBps { get; private set; }

    /// <summary>True while the rate is near the link capacity estimated at decreases (additive increase).</summary>
    public bool NearConvergence { get; private set; }

    /// <summary>Sets the rate (a probe result, a loss-based decrease).</summary>
    public void SetRate(long bps, long nowUs)
    {
        RateBps = Math.Clamp(bps, _minBps, _maxBps);
        _lastUpdateUs = nowUs;
    }

    /// <summary>Updates the rate from the detector's state.</summary>
    /// <param name="usage">The overuse detector's state.</param>
    /// <param name="acknowledgedBps">The acknowledged bitrate; 0 when unknown.</param>
    /// <param name="allowIncrease">False when the loss-based controller holds the rate.</param>
    /// <param name="nowUs">The local time.</param>
    public long Update(BandwidthUsage usage, long acknowledgedBps, bool allowIncrease, long nowUs)
    {
        long elapsedUs = _lastUpdateUs == long.MinValue ? 0 : Math.Clamp(nowUs - _lastUpdateUs, 0, 1_000_000);
        _lastUpdateUs = nowUs;
        if (usage == BandwidthUsage.Overusing)
        {
            if (_lastDecreaseUs == long.MinValue || nowUs - _lastDecreaseUs >= MinDecreaseIntervalUs)
            {
                Decrease(acknowledgedBps, nowUs);
            }

            return RateBps;
        }

        if (usage == BandwidthUsage.Underusing || !allowIncrease)
        {
            return RateBps;
        }

        Increase(acknowledgedBps, elapsedUs);
        return RateBps;
    }

    private void Decrease(long acknowledgedBps, long nowUs)
    {
        double basis = acknowledgedBps > 0 ? acknowledgedBps : RateBps;
        double decreased = Beta * basis;
        if (decreased < RateBps)
        {
            RateBps = Math.Clamp((long)decreased, _minBps, _maxBps);
        }

        if (acknowledgedBps > 0)
        {
            UpdateLinkCapacity(acknowledgedBps);
        }

        _lastDecreaseUs = nowUs;
    }

    private void Increase(long acknowledgedBps, long elapsedUs)
    {
        NearConvergence = false;
        if (_linkCapacityBps > 0 && acknowledgedBps > 0)
        {
            // The variance is kept in kbit/s units (normalised by the capacity), so the deviation is too.
            double deviation = Math.Sqrt(_linkCapacityVariance * (_linkCapacityBps / 1000)) * 1000;
            if (acknowledgedBps > _linkCapacityBps + (3 * deviation))
            {
                _linkCapacityBps = -1; // well above what was seen at decreases: the capacity changed, search again
            }
            else
            {
                NearConvergence = Math.Abs(acknowledgedBps - _linkCapacityBps) <= 3 * deviation;
            }
        }

        double seconds = elapsedUs / 1e6;
        double increment = NearConvergence
            ? Math.Max(1000 * seconds, PacketBits * seconds * 1e6 / ResponseTimeUs)
            : Math.Max(1000 * seconds, RateBps * (Math.Pow(IncreasePerSecond, seconds) - 1));
        double increased = RateBps + increment;
        if (acknowledgedBps > 0)
        {
            increased = Math.Min(increased, Math.Max(RateBps, (1.5 * acknowledgedBps) + 10_000));
        }

        RateBps = Math.Clamp((long)increased, _minBps, _maxBps);
    }

    private void UpdateLinkCapacity(long acknowledgedBps)
    {
        const double Alpha = 0.05;
        double sample = acknowledgedBps;
        if (_linkCapacityBps < 0)
        {
            _linkCapacityBps = sample;
            return;
        }

        _linkCapacityBps = ((1 - Alpha) * _linkCapacityBps) + (Alpha * sample);
        double errorKbps = (_linkCapacityBps - sample) / 1000;
        double normalised = errorKbps * errorKbps / Math.Max(_linkCapacityBps / 1000, 1);
        _linkCapacityVariance = Math.Clamp(((1 - Alpha) * _linkCapacityVariance) + (Alpha * normalised), 0.4, 2.5);
    }
}
