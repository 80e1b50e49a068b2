using Microsoft.Extensions.Logging;
using Sfu.Core.Diagnostics;

namespace Sfu.Core.Forwarding;

/// <summary>
/// What every owner of one room's forwarding core shares: the room's clock (and the intervals in its ticks), its
/// metrics, the identity it sends RTCP under, and the scratch buffers packets are rewritten into. Created by the
/// <see cref="RoomRouter"/>; used on the room's media worker thread only, so one set of scratch buffers serves all.
/// </summary>
internal sealed class ForwardingContext
{
    /// <summary>Scratch size for a rewritten packet: an Ethernet-MTU packet plus room for header growth and SRTP.</summary>
    public const int RtpScratchLength = 2048;

    /// <summary>Scratch size for an RTCP compound (the compound stays below <see cref="MaxRtcpCompoundLength"/>).</summary>
    public const int RtcpScratchLength = 1500;

    /// <summary>
    /// The largest RTCP compound the core writes before SRTCP adds its trailer (20 bytes at most): safe on any path
    /// that carries WebRTC media (IPv6 minimum MTU 1,280 less the IP and UDP headers).
    /// </summary>
    public const int MaxRtcpCompoundLength = 1200;

    private readonly TimeProvider _time;
    private readonly ILogger? _logger;

    public ForwardingContext(TimeProvider time, MediaMetrics metrics, uint reporterSsrc, ILogger? logger = null)
    {
        _time = time;
        _logger = logger;
        Metrics = metrics;
        Frequency = time.TimestampFrequency;
        ReporterSsrc = reporterSsrc;
        ReporterCname = System.Text.Encoding.ASCII.GetBytes("sfu-" + reporterSsrc.ToString("x8", System.Globalization.CultureInfo.InvariantCulture));
        StallTicks = ToTicks(RoomRouter.LayerStallTimeout);
        ReportIntervalTicks = ToTicks(RoomRouter.ReportInterval);
        KeyframeRequestIntervalTicks = ToTicks(RoomRouter.KeyframeRequestInterval);
    }

    public MediaMetrics Metrics { get; }

    /// <summary>Ticks per second of <see cref="Now"/>.</summary>
    public long Frequency { get; }

    /// <summary>The SSRC the router sends its receiver reports, feedback and keyframe requests with.</summary>
    public uint ReporterSsrc { get; }

    /// <summary>The CNAME sent with <see cref="ReporterSsrc"/>.</summary>
    public byte[] ReporterCname { get; }

    /// <summary>A simulcast layer silent this long (in ticks) is no longer live.</summary>
    public long StallTicks { get; }

    /// <summary>The report interval in ticks.</summary>
    public long ReportIntervalTicks { get; }

    /// <summary>The keyframe request throttle per layer, in ticks.</summary>
    public long KeyframeRequestIntervalTicks { get; }

    /// <summary>Where a packet for a subscriber is rewritten (and protected in place by its transport).</summary>
    public byte[] RtpScratch { get; } = GC.AllocateArray<byte>(RtpScratchLength, pinned: true);

    /// <summary>Where a publisher's RTX packet is restored to the packet it repairs.</summary>
    public byte[] RtxScratch { get; } = GC.AllocateArray<byte>(RtpScratchLength, pinned: true);

    /// <summary>Where RTCP compounds are written.</summary>
    public byte[] RtcpScratch { get; } = GC.AllocateArray<byte>(RtcpScratchLength, pinned: true);

    /// <summary>The current time (a <see cref="TimeProvider"/> timestamp).</summary>
    public long Now => _time.GetTimestamp();

    public DateTimeOffset UtcNow => _time.GetUtcNow();

    /// <summary>The current wall-clock time as a 64-bit NTP timestamp.</summary>
    public ulong NtpNow() => RtpClock.NtpNow(_time);

    public long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Frequency);

    public long ToMicroseconds(long ticks) => RtpClock.ToUnits(ticks, Frequency, 1_000_000);

    /// <summary>A down-track's sends started failing on a connected transport (logged once per episode, not per packet).</summary>
    public void OnSendFailing(DownTrack downTrack)
    {
        if (_logger is not null)
        {
            ForwardingLog.SendFailing(_logger, downTrack.Track.TrackId, downTrack.Ssrc);
        }
    }
}
