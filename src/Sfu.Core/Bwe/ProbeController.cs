namespace Sfu.Core.Bwe;

/// <summary>
/// Probing for more bandwidth: when the allocator wants more than the estimate, <see cref="TryStart"/> opens a probe
/// cluster (a target bitrate for a short duration). Every packet sent during the cluster belongs to it, media
/// included; the sender asks <see cref="PaddingBytesDue"/> on every tick and tops the media up to the target with that
/// many bytes of padding (RTX padding or re-sent packets), reporting each padding packet to the estimator with
/// isProbe = true. The estimator passes the cluster's feedback back here; the result is the cluster's received bytes
/// over its receive duration (and not more than its send rate nor its target). A result from at least <see cref="MinPackets"/> packets is
/// offered through <see cref="TryTakeResult"/>; a cluster without enough feedback a second after it ended fails, and
/// after a failure no probe starts for <see cref="FailureBackoffUs"/>. A result below 90 % of its target means the
/// path is full (and the probe congested it): the next probe waits 5 s, then 10, 20, up to
/// <see cref="MaxShortfallBackoffUs"/>, until a probe reaches its target again.
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

    /// <summary>Longest wait after probes that kept falling short of their target.</summary>
    public const long MaxShortfallBackoffUs = 60_000_000;

    private const long FeedbackTimeoutUs = 1_000_000;

    private long _startUs;
    private long _durationUs;
    private long _bytesSent;
    private int _packetsSent;
    private int _received;
    private int _lost;
    private long _lostBytes;
    private long _receivedBytes;
    private long _firstSendUs;
    private long _lastSendUs;
    private long _firstArrivalUs;
    private long _lastArrivalUs;
    private int _firstSize;
    private long _lastStartUs = long.MinValue;
    private long _failedAtUs = long.MinValue;
    private long _shortfallAtUs = long.MinValue;
    private long _shortfallBackoffUs;
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
            || (_failedAtUs != long.MinValue && nowUs - _failedAtUs < FailureBackoffUs)
            || (_shortfallAtUs != long.MinValue && nowUs - _shortfallAtUs < _shortfallBackoffUs))
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
        _lost = 0;
        _lostBytes = 0;
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

    /// <summary>
    /// A packet was sent. While the cluster is being sent, every packet (media and padding) belongs to it, so that the
    /// cluster as a whole runs at the target rate and is measured as a whole; padding sent a little after the
    /// cluster's duration still counts. Returns the cluster id the packet belongs to, 0 for none.
    /// </summary>
    public int OnPacketSent(int size, bool isProbe, long sendUs)
    {
        if (!IsActive || (!isProbe && sendUs - _startUs >= _durationUs) || sendUs < _startUs)
        {
            return 0;
        }

        _bytesSent += size;
        _packetsSent++;
        return ClusterId;
    }

    /// <summary>Feedback about a packet of cluster <paramref name="clusterId"/> that arrived.</summary>
    public void OnClusterPacketReceived(int clusterId, int size, long sendUs, long arrivalUs)
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

    /// <summary>Feedback reports a packet of cluster <paramref name="clusterId"/> lost.</summary>
    public void OnClusterPacketLost(int clusterId, int size)
    {
        if (IsActive && clusterId == ClusterId)
        {
            _lost++;
            _lostBytes += size;
        }
    }

    /// <summary>Probes that lost more than <see cref="MaxProbeLoss"/> of their bytes (a policed or full path).</summary>
    public int Congested { get; private set; }

    /// <summary>
    /// A probe losing more than this share of its bytes yields no result: the path could not carry it. Bytes, not
    /// packets: a policer drops the large media packets and lets the small padding through.
    /// </summary>
    public const double MaxProbeLoss = 0.10;

    /// <summary>Completes the cluster once its padding was sent and at least 80 % of it was acknowledged (after feedback).</summary>
    public void OnFeedbackProcessed(long nowUs)
    {
        if (!IsActive)
        {
            return;
        }

        bool sendingDone = nowUs - _startUs >= _durationUs;
        int reported = _received + _lost;
        if (sendingDone && reported >= MinPackets && reported * 5 >= _packetsSent * 4 && _lostBytes > (_lostBytes + _receivedBytes) * MaxProbeLoss)
        {
            // Lost rather than delayed: a policer (or a full queue) dropped what exceeded the path. Whatever did
            // arrive measures the burst the path let through, not its rate, so there is no result.
            IsActive = false;
            Congested++;
            Failed++;
            _shortfallAtUs = nowUs;
            _shortfallBackoffUs = Math.Min(Math.Max(_shortfallBackoffUs * 2, FailureBackoffUs), MaxShortfallBackoffUs);
            return;
        }

        if (sendingDone && _received >= MinPackets && _received * 5 >= _packetsSent * 4)
        {
            long receiveSpan = _lastArrivalUs - _firstArrivalUs;
            long sendSpan = _lastSendUs - _firstSendUs;
            if (receiveSpan > 0 && sendSpan > 0)
            {
                long bytes = _receivedBytes - _firstSize; // the first packet opens the span
                long receiveBps = bytes * 8 * 1_000_000 / receiveSpan;
                long sendBps = bytes * 8 * 1_000_000 / sendSpan;
                _resultBps = Math.Min(Math.Min(receiveBps, sendBps), TargetBps); // only the target was tried
                if (_resultBps * 10 < TargetBps * 9)
                {
                    // The path could not carry the target (and the probe congested it): wait 5, 10, 20 .. 60 s.
                    _shortfallAtUs = nowUs;
                    _shortfallBackoffUs = Math.Min(Math.Max(_shortfallBackoffUs * 2, FailureBackoffUs), MaxShortfallBackoffUs);
                }
                else
                {
                    _shortfallBackoffUs = 0;
                }
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
