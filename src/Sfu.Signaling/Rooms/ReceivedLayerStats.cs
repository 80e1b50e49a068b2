namespace Sfu.Signaling.Rooms;

/// <summary>
/// One simulcast layer (or the single stream) of a published track as the server receives it. <see cref="Quality"/>
/// is its spatial quality (0 = lowest, from the frame sizes seen, else the rid order); <see cref="Ssrc"/> is null
/// until its first packet; <see cref="Width"/>/<see cref="Height"/> are 0 until a keyframe showed them (VP8);
/// <see cref="Live"/>: a packet arrived within the last <see cref="Room.LiveLayerWindow"/>.
/// </summary>
public sealed record ReceivedLayerStats(
    string? Rid,
    int Quality,
    uint? Ssrc,
    long Packets,
    long Bytes,
    long BitrateBps,
    int Width,
    int Height,
    bool Live);
