using System.Text;
using Sfu.Core.Dtls;
using Sfu.Core.Ice;

namespace Sfu.Load.Sdp;

/// <summary>
/// The publisher connection's offer of a participant that only sends and receives room data, as Chromium writes it
/// for a peer connection with data channels and no tracks: one <c>m=application 9 UDP/DTLS/SCTP
/// webrtc-datachannel</c> section (mid 0, BUNDLE), <c>a=setup:actpass</c>, <c>a=sctp-port:5000</c> and
/// <c>a=max-message-size:262144</c>.
/// </summary>
public static class DataOffer
{
    /// <summary>The mid of the application section.</summary>
    public const string Mid = "0";

    /// <summary>Writes the offer.</summary>
    public static string Create(IceCredentials ice, DtlsFingerprint fingerprint)
    {
        var sdp = new StringBuilder();
        Line(sdp, "v=0");
        Line(sdp, $"o=- {Random.Shared.NextInt64(1, long.MaxValue)} 2 IN IP4 127.0.0.1");
        Line(sdp, "s=-");
        Line(sdp, "t=0 0");
        Line(sdp, "a=group:BUNDLE " + Mid);
        Line(sdp, "a=extmap-allow-mixed");
        Line(sdp, "a=msid-semantic: WMS");
        Line(sdp, "m=application 9 UDP/DTLS/SCTP webrtc-datachannel");
        Line(sdp, "c=IN IP4 0.0.0.0");
        Line(sdp, "a=ice-ufrag:" + ice.Ufrag);
        Line(sdp, "a=ice-pwd:" + ice.Password);
        Line(sdp, "a=ice-options:trickle");
        Line(sdp, "a=fingerprint:" + fingerprint);
        Line(sdp, "a=setup:actpass");
        Line(sdp, "a=mid:" + Mid);
        Line(sdp, "a=sctp-port:5000");
        Line(sdp, "a=max-message-size:262144");
        return sdp.ToString();
    }

    private static void Line(StringBuilder sdp, string line) => sdp.Append(line).Append("\r\n");
}
