namespace Sfu.Core.Sdp;

/// <summary>A header extension the server supports for one media kind.</summary>
public sealed class RtpHeaderExtensionCapability
{
    public RtpHeaderExtensionCapability()
    {
    }

    public RtpHeaderExtensionCapability(string kind, string uri)
    {
        Kind = kind;
        Uri = uri;
    }

    /// <summary>"audio" or "video".</summary>
    public string Kind { get; set; } = MediaKinds.Video;

    public string Uri { get; set; } = "";
}
