using Microsoft.Extensions.Logging;

namespace Sfu.Core.Forwarding;

/// <summary>Source-generated log messages of the forwarding core (setup and teardown only, never per packet).</summary>
internal static partial class ForwardingLog
{
    [LoggerMessage(200, LogLevel.Debug, "Track {Track} published ({Kind}, mid {Mid}, {Layers} layer(s))")]
    public static partial void TrackPublished(ILogger logger, string track, MediaKind kind, string mid, int layers);

    [LoggerMessage(201, LogLevel.Debug, "Track {Track} removed ({DownTracks} down-track(s) closed)")]
    public static partial void TrackRemoved(ILogger logger, string track, int downTracks);

    [LoggerMessage(202, LogLevel.Debug, "Track {Track} subscribed with SSRC {Ssrc}")]
    public static partial void Subscribed(ILogger logger, string track, uint ssrc);

    [LoggerMessage(203, LogLevel.Debug, "Down-track SSRC {Ssrc} of track {Track} closed")]
    public static partial void Unsubscribed(ILogger logger, string track, uint ssrc);

    [LoggerMessage(204, LogLevel.Debug, "Track {Track} {State}")]
    public static partial void MuteChanged(ILogger logger, string track, string state);

    [LoggerMessage(205, LogLevel.Warning, "Down-track SSRC {Ssrc} of track {Track}: its connected transport refused to send; no keyframe requests until a send succeeds")]
    public static partial void SendFailing(ILogger logger, string track, uint ssrc);
}
