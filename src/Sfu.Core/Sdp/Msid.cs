namespace Sfu.Core.Sdp;

/// <summary>a=msid (RFC 8830 2): <c>a=msid:&lt;stream id&gt; [&lt;track id&gt;]</c>; a stream id of "-" means no stream.</summary>
public sealed class Msid
{
    public Msid()
    {
    }

    public Msid(string streamId, string? trackId)
    {
        StreamId = streamId;
        TrackId = trackId;
    }

    public string StreamId { get; set; } = "-";

    /// <summary>The msid-appdata, in practice the track id; may be absent.</summary>
    public string? TrackId { get; set; }

    public override string ToString() => TrackId is null ? StreamId : StreamId + " " + TrackId;
}
