namespace Sfu.Core.Bwe;

/// <summary>
/// Delay-gradient trend of packet groups (draft-ietf-rmcat-gcc, trendline variant): accumulates the one-way delay
/// variation (arrival delta minus send delta) of consecutive groups, smooths it exponentially, and fits a least-squares
/// line over the last <see cref="WindowSize"/> smoothed points against arrival time. The slope (ms of queuing delay
/// gained per ms) scaled by the number of deltas seen (up to 60) and a gain of 4 is the modified trend the
/// <see cref="OveruseDetector"/> compares with its threshold.
/// </summary>
/// <remarks>Preallocated window; allocation-free per update.</remarks>
public sealed class TrendlineEstimator
{
    /// <summary>Number of groups the line is fitted over.</summary>
    public const int WindowSize = 20;

    private const double SmoothingCoefficient = 0.9;
    private const double ThresholdGain = 4.0;
    private const int MaxDeltaCount = 60;

    private readonly double[] _x = new double[WindowSize];
    private readonly double[] _y = new double[WindowSize];
    private int _count;
    private int _next;
    private int _deltaCount;
    private double _firstArrivalMs = double.NaN;
    private double _accumulatedDelayMs;
    private double _smoothedDelayMs;

    /// <summary>The last fitted slope (0 until the window is full).</summary>
    public double Slope { get; private set; }

    /// <summary>The slope scaled for the detector: min(deltas, 60) × slope × 4.</summary>
    public double ModifiedTrend { get; private set; }

    /// <summary>Adds the deltas between one group and the previous one and refits the trend.</summary>
    /// <param name="sendDeltaMs">Send time of this group's last packet minus the previous group's.</param>
    /// <param name="arrivalDeltaMs">The same for arrival times.</param>
    /// <param name="arrivalTimeMs">Arrival time of this group's last packet (any epoch).</param>
    public double Update(double sendDeltaMs, double arrivalDeltaMs, double arrivalTimeMs)
    {
        if (double.IsNaN(_firstArrivalMs))
        {
            _firstArrivalMs = arrivalTimeMs;
        }

        _deltaCount = Math.Min(_deltaCount + 1, MaxDeltaCount);
        _accumulatedDelayMs += arrivalDeltaMs - sendDeltaMs;
        _smoothedDelayMs = (SmoothingCoefficient * _smoothedDelayMs) + ((1 - SmoothingCoefficient) * _accumulatedDelayMs);

        _x[_next] = arrivalTimeMs - _firstArrivalMs;
        _y[_next] = _smoothedDelayMs;
        _next = (_next + 1) % WindowSize;
        if (_count < WindowSize)
        {
            _count++;
        }

        if (_count == WindowSize && TryFitSlope(out double slope))
        {
            Slope = slope;
        }

        ModifiedTrend = Math.Min(_deltaCount, MaxDeltaCount) * Slope * ThresholdGain;
        return ModifiedTrend;
    }

    private bool TryFitSlope(out double slope)
    {
        double sumX = 0;
        double sumY = 0;
        for (int i = 0; i < _count; i++)
        {
            sumX += _x[i];
            sumY += _y[i];
        }

        double meanX = sumX / _count;
        double meanY = sumY / _count;
        double numerator = 0;
        double denominator = 0;
        for (int i = 0; i < _count; i++)
        {
            double dx = _x[i] - meanX;
            numerator += dx * (_y[i] - meanY);
            denominator += dx * dx;
        }

        slope = denominator == 0 ? 0 : numerator / denominator;
        return denominator != 0;
    }
}
