using Sfu.Core.Rtcp;

namespace Sfu.Core.Forwarding;

/// <summary>
/// Conversions between <see cref="TimeProvider"/> timestamps and the clocks RTP and RTCP carry: RTP timestamp units,
/// NTP time (SR), compact NTP durations (DLSR) and abs-send-time. Pure and allocation-free, overflow-safe for
/// timestamps of any age.
/// </summary>
internal static class RtpClock
{
    /// <summary>Converts a duration in timestamp ticks to units of a <paramref name="rate"/> Hz clock (truncated).</summary>
    public static long ToUnits(long ticks, long frequency, long rate)
    {
        long whole = Math.DivRem(ticks, frequency, out long remainder);
        return (whole * rate) + (remainder * rate / frequency);
    }

    /// <summary>Converts a non-negative duration in ticks to compact NTP units (1/65536 s), saturating.</summary>
    public static uint ToCompact(long ticks, long frequency)
    {
        if (ticks <= 0)
        {
            return 0;
        }

        long units = ToUnits(ticks, frequency, 65536);
        return units > uint.MaxValue ? uint.MaxValue : (uint)units;
    }

    /// <summary>
    /// The abs-send-time value for a timestamp: seconds as 6.18 fixed point, modulo 64 s (24 bits). The epoch does not
    /// matter: receivers only use differences.
    /// </summary>
    public static uint AbsSendTime(long timestamp, long frequency) => (uint)ToUnits(timestamp, frequency, 1 << 18) & 0xFF_FFFF;

    /// <summary>The current wall-clock time as a 64-bit NTP timestamp.</summary>
    public static ulong NtpNow(TimeProvider time)
    {
        long unixMicroseconds = (time.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) / 10;
        return NtpTime.FromUnixMicroseconds(unixMicroseconds);
    }
}
