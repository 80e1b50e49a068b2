namespace Sfu.Browser.Tests.Infrastructure;

/// <summary>
/// One <c>inbound-rtp</c> entry of a room page's subscriber connection (<c>window.sfu.subscriberPc.getStats()</c>),
/// with the remote participant and track the client maps its m-section to. <see cref="ParticipantId"/> is null for a
/// stream whose m-section no longer carries a subscribed track (an unpublished track's old stream).
/// </summary>
public sealed record RoomInboundStream(
    string? ParticipantId,
    string? TrackId,
    string? Source,
    string Kind,
    string? Mid,
    long Ssrc,
    long PacketsReceived,
    long BytesReceived,
    long FramesDecoded,
    int FrameWidth)
{
    public bool IsVideo => Kind == "video";

    public bool IsAudio => Kind == "audio";

    /// <summary>Something arrived on it.</summary>
    public bool Flowing => PacketsReceived > 0;
}
