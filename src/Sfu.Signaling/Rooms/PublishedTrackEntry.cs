using Sfu.Core.Forwarding;
using Sfu.Core.Sdp;
using Sfu.Signaling.Contracts;

namespace Sfu.Signaling.Rooms;

/// <summary>A track a participant publishes: what signaling knows of it, and its receiver in the room's router.</summary>
public sealed class PublishedTrackEntry
{
    public required string TrackId { get; init; }

    public required Participant Owner { get; init; }

    public required string Mid { get; init; }

    public required string Kind { get; init; }

    public required string Source { get; init; }

    public string? Name { get; init; }

    public int? Width { get; init; }

    public int? Height { get; init; }

    public bool Simulcast { get; init; }

    public bool Muted { get; set; }

    /// <summary>The publisher's negotiated codecs (its payload types).</summary>
    public required IReadOnlyList<NegotiatedCodec> Codecs { get; init; }

    /// <summary>The receiver in the room's router; set on the room's worker.</summary>
    public PublishedTrack? RouterTrack { get; set; }

    public TrackInfo ToInfo() => new(TrackId, Kind, Source, Muted, Name, Width, Height, Simulcast);
}
