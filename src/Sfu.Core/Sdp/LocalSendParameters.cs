namespace Sfu.Core.Sdp;

/// <summary>
/// What the server sends on one m-section, announced with a=msid, a=ssrc (cname, msid) and a=ssrc-group:FID
/// (RFC 5576, RFC 8830).
/// </summary>
public sealed class LocalSendParameters
{
    public uint Ssrc { get; set; }

    /// <summary>The RTX SSRC; announced in an FID group when RTX is negotiated.</summary>
    public uint? RtxSsrc { get; set; }

    public string Cname { get; set; } = "";

    public string StreamId { get; set; } = "-";

    public string TrackId { get; set; } = "";
}
