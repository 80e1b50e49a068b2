namespace Sfu.Core.Bwe;

/// <summary>
/// Compares the modified delay trend with an adaptive threshold (draft-ietf-rmcat-gcc section 5.4): overuse is
/// signalled when the trend stays above the threshold for more than 10 ms (and at least two groups) and is not falling;
/// underuse when it is below the negative threshold. The threshold follows the trend's magnitude, fast upwards
/// (K_d = 0.039 when the trend is inside) and slowly (K_u = 0.0087 when outside), bounded to 6..600, so the detector
/// is not starved by competing TCP-like flows nor triggered by jitter.
/// </summary>
public sealed class OveruseDetector
{
    private const double InitialThreshold = 12.5;
    private const double MinThreshold = 6;
    private const double MaxThreshold = 600;
    private const double ThresholdUpGain = 0.0087;
    private const double ThresholdDownGain = 0.039;
    private const double OveruseTimeMs = 10;
    private const double MaxAdaptationJump = 15;

    private double _timeOverUsingMs = -1;
    private int _overuseCount;
    private double _previousTrend;
    private double _lastUpdateMs = double.NaN;

    /// <summary>The current threshold.</summary>
    public double Threshold { get; private set; } = InitialThreshold;

    /// <summary>The detector's state after the last <see cref="Detect"/>.</summary>
    public BandwidthUsage State { get; private set; } = BandwidthUsage.Normal;

    /// <summary>Classifies the trend of one more group.</summary>
    public BandwidthUsage Detect(double modifiedTrend, double sendDeltaMs, double nowMs)
    {
        if (modifiedTrend > Threshold)
        {
            _timeOverUsingMs = _timeOverUsingMs < 0 ? sendDeltaMs / 2 : _timeOverUsingMs + sendDeltaMs;
            _overuseCount++;
            if (_timeOverUsingMs > OveruseTimeMs && _overuseCount > 1 && modifiedTrend >= _previousTrend)
            {
                _timeOverUsingMs = 0;
                _overuseCount = 0;
                State = BandwidthUsage.Overusing;
            }
        }
        else if (modifiedTrend < -Threshold)
        {
            _timeOverUsingMs = -1;
            _overuseCount = 0;
            State = BandwidthUsage.Underusing;
        }
        else
        {
            _timeOverUsingMs = -1;
            _overuseCount = 0;
            State = BandwidthUsage.Normal;
        }

        _previousTrend = modifiedTrend;
        AdaptThreshold(modifiedTrend, nowMs);
        return State;
    }

    private void AdaptThreshold(double modifiedTrend, double nowMs)
    {
        if (double.IsNaN(_lastUpdateMs))
        {
            _lastUpdateMs = nowMs;
        }

        double magnitude = Math.Abs(modifiedTrend);
        if (magnitude > Threshold + MaxAdaptationJump)
        {
            _lastUpdateMs = nowMs; // a spike (e.g. a route change) must not drag the threshold along
            return;
        }

        double gain = magnitude < Threshold ? ThresholdDownGain : ThresholdUpGain;
        double elapsedMs = Math.Clamp(nowMs - _lastUpdateMs, 0, 100);
        Threshold = Math.Clamp(Threshold + (gain * (magnitude - Threshold) * elapsedMs), MinThreshold, MaxThreshold);
        _lastUpdateMs = nowMs;
    }
}
