namespace Sfu.Core.Rtcp;

/// <summary>
/// Conversions for the 64-bit NTP timestamps of SR and XR RRTR (seconds since 1900-01-01 in the high 32 bits,
/// binary fraction in the low 32) and their "compact" middle 32 bits used by LSR/DLSR and DLRR (RFC 3550 6.4.1).
/// </summary>
public static class NtpTime
{
    /// <summary>Seconds from the NTP epoch (1900) to the Unix epoch (1970).</summary>
    public const long UnixEpochOffsetSeconds = 2_208_988_800L;

    /// <summary>The middle 32 bits of a 64-bit NTP timestamp (16.16 fixed point seconds), as LSR and LRR carry it.</summary>
    public static uint ToCompact(ulong ntpTimestamp) => (uint)(ntpTimestamp >> 16);

    /// <summary>Converts Unix time in microseconds to a 64-bit NTP timestamp.</summary>
    public static ulong FromUnixMicroseconds(long unixMicroseconds)
    {
        long seconds = Math.DivRem(unixMicroseconds, 1_000_000L, out long micros);
        if (micros < 0)
        {
            seconds--;
            micros += 1_000_000L;
        }

        ulong fraction = ((ulong)micros << 32) / 1_000_000UL;
        return ((ulong)(seconds + UnixEpochOffsetSeconds) << 32) | fraction;
    }

    /// <summary>Converts a 64-bit NTP timestamp to Unix time in microseconds.</summary>
    public static long ToUnixMicroseconds(ulong ntpTimestamp)
    {
        long seconds = (long)(ntpTimestamp >> 32) - UnixEpochOffsetSeconds;
        long micros = (long)(((ntpTimestamp & 0xFFFF_FFFFUL) * 1_000_000UL) >> 32);
        return (seconds * 1_000_000L) + micros;
    }

    /// <summary>Converts a duration in compact NTP units (1/65536 s, as DLSR and DLRR carry it) to microseconds.</summary>
    public static long CompactToMicroseconds(uint compact) => (long)(((ulong)compact * 1_000_000UL) >> 16);

    /// <summary>Converts a non-negative duration in microseconds to compact NTP units (1/65536 s), saturating.</summary>
    public static uint MicrosecondsToCompact(long microseconds)
    {
        if (microseconds <= 0)
        {
            return 0;
        }

        ulong compact = ((ulong)microseconds << 16) / 1_000_000UL;
        return compact > uint.MaxValue ? uint.MaxValue : (uint)compact;
    }

    /// <summary>
    /// Round-trip time in compact units from a report block or DLRR sub-block received at compact time
    /// <paramref name="arrivalCompact"/>: arrival − LSR − DLSR (RFC 3550 section 6.4.1). Returns 0 when LSR is 0
    /// (no SR received yet) or the result would be negative.
    /// </summary>
    public static uint RoundTripCompact(uint arrivalCompact, uint lastReport, uint delaySinceLastReport)
    {
        if (lastReport == 0)
        {
            return 0;
        }

        uint rtt = arrivalCompact - lastReport - delaySinceLastReport;
        return rtt > 0x8000_0000u ? 0 : rtt;
    }
}
