namespace Sfu.Core.Sdp;

/// <summary>The &lt;media&gt; names of m= lines that WebRTC uses.</summary>
public static class MediaKinds
{
    public const string Audio = "audio";
    public const string Video = "video";

    /// <summary>Data channels (m=application ... UDP/DTLS/SCTP webrtc-datachannel).</summary>
    public const string Application = "application";
}
