namespace Sfu.Core.Bwe;

/// <summary>
/// Probing for more bandwidth: when the allocator wants more than the estimate, <see cref="TryStart"/> opens a probe
/// cluster (a target bitrate for a short duration). The sender asks <see cref="PaddingBytesDue"/> on every tick and
/// sends that many bytes of padding (RTX padding or re-sent packets), reporting each packet to the estimator with
/// isProbe = true. The estimator passes their feedback back here; the result is the cluster's received bytes over its
/// receive duration (and not more than its send rate). A result from at least <see cref="MinPackets"/> packets is
/// offered through <see cref="TryTakeResult"/>; a cluster without enough feedback a second after it ended fails, and
/// after a failure no probe starts for <see cref="FailureBackoffUs"/>.
/// </summary>
public sealed class ProbeController
{
    /// <summary>Default length of a probe cluster.</summary>
    public const long DefaultDurationUs = 150_000;

    /// <summary>Probe packets whose feedback a result needs.</summary>
    public const int MinPackets = 5;

    /// <summary>Least time between the end of a failed probe and the next one.</summary>
    public const long FailureBackoffUs = 5_000_000;

    /// <summary>Least time between the start of two probes.</summary>
    public const long MinIntervalUs = 1_000_000;

    private const long FeedbackTimeoutUs = 1_000_000;

    private long _startUs;
    private long _durationUs;
    private long _bytesSent;
    private int _packetsSent;
    private int _received;
    private long _receivedBytes;
    private long _firstSendUs;
    private long _lastSendUs;
    private long _firstArrivalUs;
    private long _lastArrivalUs;
    private int _firstSize;
    private long _lastStartUs = long.MinValue;
    private long _failedAtUs = long.MinValue;
    private long _resultBps;
    private bool _hasResult;

    /// <summary>True while a cluster is being sent or awaits its feedback.</summary>
    public bool IsActive { get; private set; }

    /// <summary>The active cluster's id (increments per cluster); 0 before the first.</summary>
    public int ClusterId { get; private set; }

    /// <summary>The active cluster's target bitrate.</summary>
    public long TargetBps { get; private set; }

    /// <summary>Clusters that produced a result.</summary>
    public int Succeeded { get; private set; }

    /// <summary>Clusters that did not.</summary>
    public int Failed { get; private set; }

    /// <summary>
    /// Opens a cluster towards <paramref name="targetBps"/> unless one is active, one started less than
    /// <see cref="MinIntervalUs"/> ago or one failed less than <see cref="FailureBackoffUs"/> ago.
    /// </summary>
    public bool TryStart(long targetBps, long nowUs, long durationUs = DefaultDurationUs)
    {
        if (IsActive || targetBps <= 0 || durationUs <= 0
            || (_lastStartUs != long.MinValue && nowUs - _lastStartUs < MinIntervalUs)
            || (_failedAtUs != long.MinValue && nowUs - _failedAtUs < FailureBackoffUs))
        {
            return false;
        }

        IsActive = true;
        ClusterId++;
        TargetBps = targetBps;
        _startUs = nowUs;
        _lastStartUs = nowUs;
        _durationUs = durationUs;
        _bytesSent = 0;
        _packetsSent = 0;
        _received = 0;
        _receivedBytes = 0;
        _hasResult = false;
        return true;
    }

    /// <summary>Bytes of probe padding to send now to keep the cluster at its target; 0 when none is due.</summary>
    public int PaddingBytesDue(long nowUs)
    {
        if (!IsActive)
        {
            return 0;
        }

        CheckTimeout(nowUs);
        long elapsedUs = Math.Min(nowUs - _startUs, _durationUs);
        if (!IsActive || elapsedUs < 0)
        {
            return 0;
        }

        long due = (TargetBps * elapsedUs / 8 / 1_000_000) - _bytesSent;
        return due > 0 ? (int)Math.Min(due, int.MaxValue) : 0;
    }

    /// <summary>A probe packet of the active cluster was sent; returns its cluster id, or 0 when none is active.</summary>
    public int OnProbePacketSent(int size)
    {
        if (!IsActive)
        {
            return 0;
        }

        _bytesSent += size;
        _packetsSent++;
        return ClusterId;
    }

    /// <summary>Feedback about a probe packet of cluster <paramref name="clusterId"/> that arrived.</summary>
    public void OnProbePacketReceived(int clusterId, int size, long sendUs, long arrivalUs)
    {
        if (!IsActive || clusterId != ClusterId)
        {
            return;
        }

        if (_received == 0)
        {
            _firstSendUs = sendUs;
            _lastSendUs = sendUs;
            _firstArrivalUs = arrivalUs;
            _lastArrivalUs = arrivalUs;
            _firstSize = size;
        }

        _received++;
        _receivedBytes += size;
        _firstSendUs = Math.Min(_firstSendUs, sendUs);
        _lastSendUs = Math.Max(_lastSendUs, sendUs);
        _firstArrivalUs = Math.Min(_firstArrivalUs, arrivalUs);
        _lastArrivalUs = Math.Max(_lastArrivalUs, arrivalUs);
    }

    /// <summary>Completes the cluster once its padding was sent and at least 80 % of it was acknowledged (after feedback).</summary>
    public void OnFeedbackProcessed(long nowUs)
    {
        if (!IsActive)
        {
            return;
        }

        bool sendingDone = nowUs - _startUs >= _durationUs;
        if (sendingDone && _received >= MinPackets && _received * 5 >= _packetsSent * 4)
        {
            long receiveSpan = _lastArrivalUs - _firstArrivalUs;
            long sendSpan = _lastSendUs - _firstSendUs;
            if (receiveSpan > 0 && sendSpan > 0)
            {
                long bytes = _receivedBytes - _firstSize; // the first packet opens the span
                long receiveBps = bytes * 8 * 1_000_000 / receiveSpan;
                long sendBps = bytes * 8 * 1_000_000 / sendSpan;
                _resultBps = Math.Min(receiveBps, sendBps);
                _hasResult = true;
                IsActive = false;
                Succeeded++;
                return;
            }
        }

        CheckTimeout(nowUs);
    }

    /// <summary>Takes the result of the last successful cluster, once.</summary>
    public bool TryTakeResult(out long bps)
    {
        bps = _resultBps;
        bool had = _hasResult;
        _hasResult = false;
        return had;
    }

    private void CheckTimeout(long nowUs)
    {
        if (IsActive && nowUs - _startUs > _durationUs + FeedbackTimeoutUs)
        {
            IsActive = false;
            _failedAtUs = nowUs;
            Failed++;
        }
    }
}
