using Sfu.Core.Rtp;
using Sfu.Core.Sdp;

namespace Sfu.Load.Publishing;

/// <summary>The header extension ids the server's answer accepted for one sending m-section (0 = not negotiated).</summary>
public sealed record SendExtensionIds(int Mid, int Rid, int AbsSendTime, int TransportWideCc, int AudioLevel)
{
    /// <summary>Reads the ids from an answered m-section's <c>a=extmap</c> lines.</summary>
    public static SendExtensionIds From(MediaDescription section)
    {
        int Find(string uri) => section.Extmaps.Find(e => string.Equals(e.Uri, uri, StringComparison.Ordinal))?.Id ?? 0;
        return new SendExtensionIds(
            Find(RtpHeaderExtensionUri.Mid),
            Find(RtpHeaderExtensionUri.RtpStreamId),
            Find(RtpHeaderExtensionUri.AbsSendTime),
            Find(RtpHeaderExtensionUri.TransportWideCc),
            Find(RtpHeaderExtensionUri.AudioLevel));
    }
}
