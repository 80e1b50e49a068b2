using Sfu.Core.Rtcp;

namespace Sfu.Core.Forwarding;

/// <summary>RTCP of one received stream: the publisher's sender reports, our receiver report blocks, keyframe requests.</summary>
public sealed partial class RtpStreamReceiver
{
    private const long NoRequest = long.MinValue;

    private bool _hasSenderReport;
    private ulong _senderReportNtp;
    private uint _senderReportRtp;
    private long _senderReportArrival;
    private long _lastKeyframeRequest = NoRequest;
    private byte _firSequence;

    /// <summary>Sender reports received from the publisher for this stream.</summary>
    public long SenderReportsReceived { get; private set; }

    /// <summary>NTP timestamp of the last sender report for the current SSRC, or null.</summary>
    public ulong? LastSenderReportNtp => _hasSenderReport ? _senderReportNtp : null;

    /// <summary>RTP timestamp of the last sender report for the current SSRC (valid with <see cref="LastSenderReportNtp"/>).</summary>
    public uint LastSenderReportRtpTimestamp => _senderReportRtp;

    /// <summary>When that sender report arrived (a <see cref="TimeProvider"/> timestamp), or null.</summary>
    public long? LastSenderReportArrival => _hasSenderReport ? _senderReportArrival : null;

    /// <summary>Keyframe requests (PLI, with FIR where needed) sent to the publisher for this stream.</summary>
    public long KeyframeRequestsSent { get; private set; }

    /// <summary>Remembers the NTP/RTP pair of a sender report for the current SSRC and when it arrived.</summary>
    internal void OnSenderReport(ulong ntp, uint rtpTimestamp, long now)
    {
        _hasSenderReport = true;
        _senderReportNtp = ntp;
        _senderReportRtp = rtpTimestamp;
        _senderReportArrival = now;
        SenderReportsReceived++;
    }

    /// <summary>The RTP timestamp the publisher's clock shows at <paramref name="now"/>, from its last sender report.</summary>
    internal bool TryExtrapolateRtpTimestamp(long now, out uint rtpTimestamp)
    {
        if (!_hasSenderReport)
        {
            rtpTimestamp = 0;
            return false;
        }

        rtpTimestamp = unchecked(_senderReportRtp + (uint)RtpClock.ToUnits(now - _senderReportArrival, _frequency, _clockRate));
        return true;
    }

    /// <summary>
    /// The report block about the current SSRC (RFC 3550 6.4.1 and A.3): cumulative and interval loss, extended
    /// highest sequence number, jitter, LSR/DLSR. Starts a new loss interval.
    /// </summary>
    internal ReportBlock CreateReportBlock(long now)
    {
        long expected = _maxSequence - _baseSequence + 1;
        long expectedInterval = expected - _expectedPrior;
        long receivedInterval = _receivedSinceBind - _receivedPrior;
        _expectedPrior = expected;
        _receivedPrior = _receivedSinceBind;
        long lostInterval = expectedInterval - receivedInterval;
        byte fraction = expectedInterval <= 0 || lostInterval <= 0 ? (byte)0 : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
        FractionLost = fraction / 256.0;

        uint lastReport = 0;
        uint delay = 0;
        if (_hasSenderReport)
        {
            lastReport = NtpTime.ToCompact(_senderReportNtp);
            delay = RtpClock.ToCompact(now - _senderReportArrival, _frequency);
        }

        long lost = Math.Clamp(expected - _receivedSinceBind, ReportBlock.MinCumulativeLost, ReportBlock.MaxCumulativeLost);
        return new ReportBlock(Ssrc, fraction, (int)lost, unchecked((uint)_maxSequence), (uint)Math.Min(_jitter, uint.MaxValue), lastReport, delay);
    }

    /// <summary>True (and the throttle restarts) when a keyframe request may go out now: at most one per interval.</summary>
    internal bool TryStartKeyframeRequest(long now, long minimumInterval)
    {
        if (_lastKeyframeRequest != NoRequest && now - _lastKeyframeRequest < minimumInterval)
        {
            return false;
        }

        _lastKeyframeRequest = now;
        return true;
    }

    /// <summary>The sequence number for the next FIR about this stream (RFC 5104 4.3.1.1: one per new request).</summary>
    internal byte NextFirSequenceNumber() => _firSequence++;

    internal void OnKeyframeRequestSent() => KeyframeRequestsSent++;

    private void ResetSenderReport() => _hasSenderReport = false;
}
