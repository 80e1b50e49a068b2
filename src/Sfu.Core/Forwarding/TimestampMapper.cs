namespace Sfu.Core.Forwarding;

/// <summary>
/// Maps the RTP timestamps of whatever source a down-track forwards onto one outgoing timeline: outgoing = incoming +
/// offset, the offset changing only when the source changes (<see cref="SwitchSource"/>). At a switch the new source's
/// timestamps are placed where the old source's clock would have been at the same capture time, using both sources'
/// sender reports (same publisher wall clock), so audio/video sync holds across simulcast switches. Without sender
/// reports, or when their answer would go backwards or stray more than half a second from the wall clock, the new
/// source continues from the last timestamp sent plus the wall-clock time since it (at least one frame's worth).
/// The outgoing timestamp never goes backwards at a switch.
/// </summary>
/// <remarks>All arithmetic is modulo 2^32 (wraps are ordinary). Pure and allocation-free; one per down-track.</remarks>
internal sealed class TimestampMapper
{
    private readonly int _clockRate;
    private readonly uint _frameDuration;
    private uint _offset;
    private uint _lastOutgoing;
    private long _lastOutgoingUs;
    private bool _started;
    private bool _switchPending;
    private SenderReportTimes _previousSource;
    private SenderReportTimes _nextSource;

    /// <summary>Creates a mapper; the first source's timestamps get <paramref name="initialOffset"/> added.</summary>
    /// <param name="clockRate">The RTP clock rate (90,000 for video, 48,000 for Opus).</param>
    /// <param name="frameDuration">One frame's worth of timestamp units (3,000 = 30 fps at 90 kHz).</param>
    /// <param name="initialOffset">Offset of the first source.</param>
    public TimestampMapper(int clockRate, uint frameDuration, uint initialOffset = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        _clockRate = clockRate;
        _frameDuration = Math.Max(frameDuration, 1);
        _offset = initialOffset;
    }

    /// <summary>The newest outgoing timestamp.</summary>
    public uint LastOutgoing => _lastOutgoing;

    /// <summary>When the newest outgoing timestamp was mapped (the caller's microseconds).</summary>
    public long LastOutgoingUs => _lastOutgoingUs;

    /// <summary>True once a timestamp was mapped.</summary>
    public bool HasStarted => _started;

    /// <summary>The current offset (outgoing − incoming).</summary>
    public uint Offset => _offset;

    /// <summary>
    /// The next packet comes from a new source. <paramref name="previousSource"/> is the last sender report of the
    /// source forwarded until now, <paramref name="nextSource"/> that of the new one (either may be missing).
    /// </summary>
    public void SwitchSource(SenderReportTimes previousSource, SenderReportTimes nextSource)
    {
        _switchPending = true;
        _previousSource = previousSource;
        _nextSource = nextSource;
    }

    /// <summary>Maps one packet's timestamp; <paramref name="nowUs"/> is the local time of its arrival.</summary>
    public uint Map(uint incoming, long nowUs)
    {
        if (!_started)
        {
            _started = true;
            _switchPending = false;
            return Remember(unchecked(incoming + _offset), nowUs);
        }

        if (_switchPending)
        {
            _switchPending = false;
            _offset = unchecked(ChooseFirstOutgoing(incoming, nowUs) - incoming);
            return Remember(unchecked(incoming + _offset), nowUs);
        }

        uint outgoing = unchecked(incoming + _offset);
        if ((int)(outgoing - _lastOutgoing) > 0)
        {
            Remember(outgoing, nowUs);
        }

        return outgoing;
    }

    private uint ChooseFirstOutgoing(uint incoming, long nowUs)
    {
        long elapsedUnits = Math.Max(nowUs - _lastOutgoingUs, 0) * _clockRate / 1_000_000;
        uint wallClock = unchecked(_lastOutgoing + (uint)Math.Max(elapsedUnits, _frameDuration));
        if (!_previousSource.IsValid || !_nextSource.IsValid)
        {
            return wallClock;
        }

        // The capture time of this packet on the publisher's wall clock, expressed on the old source's RTP clock:
        // old SR's RTP + (new SR's NTP − old SR's NTP) + (this timestamp − new SR's RTP).
        long ntpDelta = unchecked((long)(_nextSource.Ntp - _previousSource.Ntp));
        long ntpUnits = (long)(((Int128)ntpDelta * _clockRate) >> 32);
        int sinceNextReport = unchecked((int)(incoming - _nextSource.RtpTimestamp));
        uint onOldClock = unchecked(_previousSource.RtpTimestamp + (uint)ntpUnits + (uint)sinceNextReport);
        uint candidate = unchecked(onOldClock + _offset);

        bool forward = (int)(candidate - _lastOutgoing) > 0;
        bool plausible = Math.Abs((long)(int)(candidate - wallClock)) <= _clockRate / 2;
        return forward && plausible ? candidate : wallClock;
    }

    private uint Remember(uint outgoing, long nowUs)
    {
        _lastOutgoing = outgoing;
        _lastOutgoingUs = nowUs;
        return outgoing;
    }
}
