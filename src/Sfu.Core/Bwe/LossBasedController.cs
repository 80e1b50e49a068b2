namespace Sfu.Core.Bwe;

/// <summary>
/// The loss-based part of draft-ietf-rmcat-gcc section 6: the fraction of packets lost, over windows of at least
/// <see cref="MinPacketsPerWindow"/> reported packets, above 10 % decreases the estimate by (1 − 0.5 × loss), below 2 %
/// lets it increase, in between holds it. One decrease per <see cref="MinDecreaseIntervalUs"/> at most, and never below
/// <see cref="AcknowledgedFloor"/> × the bitrate the receiver acknowledged: what arrives despite the loss is what the
/// path carries (behind a policer, loss is high but the acknowledged rate is the link's).
/// </summary>
public sealed class LossBasedController
{
    /// <summary>Reported packets a loss fraction is computed over.</summary>
    public const int MinPacketsPerWindow = 40;

    /// <summary>Least time between two loss-based decreases.</summary>
    public const long MinDecreaseIntervalUs = 300_000;

    /// <summary>Loss fraction above which the estimate decreases.</summary>
    public const double HighLoss = 0.10;

    /// <summary>Loss fraction below which the estimate may increase.</summary>
    public const double LowLoss = 0.02;

    /// <summary>A decrease stops at this share of the acknowledged bitrate.</summary>
    public const double AcknowledgedFloor = 0.85;

    private int _lost;
    private int _total;
    private long _lastDecreaseUs = long.MinValue;

    /// <summary>The loss fraction of the last complete window.</summary>
    public double LossFraction { get; private set; }

    /// <summary>The state after the last complete window.</summary>
    public LossAction Action { get; private set; } = LossAction.AllowIncrease;

    /// <summary>After a <see cref="LossAction.Decrease"/> result: the rate to decrease to.</summary>
    public long DecreasedBps { get; private set; }

    /// <summary>
    /// Adds the statuses of one feedback packet. Returns <see cref="LossAction.Decrease"/> only on the update that
    /// decreases; otherwise the state of the last window.
    /// </summary>
    public LossAction Update(int lost, int reported, long currentBps, long nowUs, long acknowledgedBps = 0)
    {
        _lost += lost;
        _total += reported;
        if (_total < MinPacketsPerWindow)
        {
            return Action == LossAction.Decrease ? LossAction.Hold : Action;
        }

        LossFraction = (double)_lost / _total;
        _lost = 0;
        _total = 0;
        if (LossFraction > HighLoss)
        {
            if (_lastDecreaseUs == long.MinValue || nowUs - _lastDecreaseUs >= MinDecreaseIntervalUs)
            {
                _lastDecreaseUs = nowUs;
                DecreasedBps = Math.Max((long)(currentBps * (1 - (0.5 * LossFraction))), (long)(acknowledgedBps * AcknowledgedFloor));
                Action = LossAction.Decrease;
                return Action;
            }

            Action = LossAction.Hold;
            return Action;
        }

        Action = LossFraction < LowLoss ? LossAction.AllowIncrease : LossAction.Hold;
        return Action;
    }
}
