namespace Sfu.Load.Subscribing;

/// <summary>
/// One m-section of a subscriber offer that carries a remote track: which track (from the offer's track list, by
/// mid), and what the offer says about its stream (SSRC, RTX SSRC, the transport-wide-cc extension id).
/// </summary>
public sealed record SubscribedSection(
    string Mid,
    string TrackId,
    string ParticipantId,
    string Kind,
    uint Ssrc,
    uint? RtxSsrc,
    int TransportWideCcId)
{
    public bool IsVideo => string.Equals(Kind, "video", StringComparison.Ordinal);
}
