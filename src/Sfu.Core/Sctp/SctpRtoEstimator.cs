namespace Sfu.Core.Sctp;

/// <summary>The retransmission timeout from RTT measurements (RFC 9260 6.3.1: SRTT, RTTVAR, alpha 1/8, beta 1/4).</summary>
internal sealed class SctpRtoEstimator
{
    private readonly int _min;
    private readonly int _max;
    private double _srtt;
    private double _rttvar;
    private bool _measured;

    public SctpRtoEstimator(SctpOptions options)
    {
        _min = options.MinRtoMs;
        _max = options.MaxRtoMs;
        RtoMs = options.InitialRtoMs;
    }

    public int RtoMs { get; private set; }

    /// <summary>Smoothed RTT in milliseconds (0 before the first measurement).</summary>
    public double SmoothedRttMs => _srtt;

    public void AddMeasurement(long rttMs)
    {
        double r = Math.Max(rttMs, 0);
        if (!_measured)
        {
            _srtt = r;
            _rttvar = r / 2;
            _measured = true;
        }
        else
        {
            _rttvar = (0.75 * _rttvar) + (0.25 * Math.Abs(_srtt - r));
            _srtt = (0.875 * _srtt) + (0.125 * r);
        }

        RtoMs = (int)Math.Clamp(_srtt + Math.Max(4 * _rttvar, 1), _min, _max);
    }

    /// <summary>Back off after a retransmission timeout (RFC 9260 6.3.3 E2).</summary>
    public void BackOff() => RtoMs = Math.Min(RtoMs * 2, _max);
}
