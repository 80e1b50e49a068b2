namespace Sfu.Core.Forwarding;

/// <summary>
/// The NTP time and RTP timestamp of a publisher stream's last sender report: they tie the stream's RTP clock to the
/// publisher's wall clock, which all its layers share. <see cref="Ntp"/> 0 = none received.
/// </summary>
internal readonly record struct SenderReportTimes(ulong Ntp, uint RtpTimestamp)
{
    /// <summary>True when a sender report was received.</summary>
    public bool IsValid => Ntp != 0;
}
