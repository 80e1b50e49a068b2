namespace Sfu.Core.Bwe;

/// <summary>
/// Groups acknowledged packets into send bursts (a group holds the packets sent within <see cref="BurstUs"/> of its
/// first one) and yields, when a group is complete, its send and arrival deltas against the previous group, measured
/// between the groups' last packets, as draft-ietf-rmcat-gcc section 5.2 does. Packets must come in send order.
/// </summary>
public sealed class PacketGrouper
{
    /// <summary>Packets sent within this time of a group's first packet belong to the group.</summary>
    public const long BurstUs = 5_000;

    private long _firstSendUs;
    private long _lastSendUs;
    private long _lastArrivalUs;
    private long _previousLastSendUs;
    private long _previousLastArrivalUs;
    private bool _hasGroup;
    private bool _hasPrevious;

    /// <summary>
    /// Adds a received packet. Returns true when it started a new group and so completed one that has a predecessor;
    /// the deltas are then between the completed group and its predecessor.
    /// </summary>
    public bool Add(long sendUs, long arrivalUs, out long sendDeltaUs, out long arrivalDeltaUs, out long groupArrivalUs)
    {
        sendDeltaUs = 0;
        arrivalDeltaUs = 0;
        groupArrivalUs = 0;
        if (!_hasGroup)
        {
            StartGroup(sendUs, arrivalUs);
            return false;
        }

        if (sendUs < _firstSendUs)
        {
            return false; // reordered behind its group: ignore
        }

        if (sendUs - _firstSendUs <= BurstUs)
        {
            _lastSendUs = Math.Max(_lastSendUs, sendUs);
            _lastArrivalUs = Math.Max(_lastArrivalUs, arrivalUs);
            return false;
        }

        bool complete = _hasPrevious;
        if (complete)
        {
            sendDeltaUs = _lastSendUs - _previousLastSendUs;
            arrivalDeltaUs = _lastArrivalUs - _previousLastArrivalUs;
            groupArrivalUs = _lastArrivalUs;
        }

        _previousLastSendUs = _lastSendUs;
        _previousLastArrivalUs = _lastArrivalUs;
        _hasPrevious = true;
        StartGroup(sendUs, arrivalUs);
        return complete;
    }

    private void StartGroup(long sendUs, long arrivalUs)
    {
        _firstSendUs = sendUs;
        _lastSendUs = sendUs;
        _lastArrivalUs = arrivalUs;
        _hasGroup = true;
    }
}
