using Sfu.Core.Dtls;
using Sfu.Core.Sdp;

namespace Sfu.Core.Transport;

/// <summary>Between the SDP <c>a=fingerprint</c> lines and the DTLS layer's <see cref="DtlsFingerprint"/>.</summary>
public static class SdpFingerprints
{
    /// <summary>Our certificate's fingerprint as an SDP attribute value (algorithm + colon-separated hex).</summary>
    public static SdpFingerprint ToSdp(DtlsFingerprint fingerprint)
    {
        var text = fingerprint.ToString();
        int space = text.IndexOf(' ', StringComparison.Ordinal);
        return new SdpFingerprint(text[..space], text[(space + 1)..]);
    }

    /// <summary>
    /// The peer's fingerprint to check its certificate against: the first sha-256 one that parses, else the first
    /// of any other algorithm; false when the description has none that parses.
    /// </summary>
    public static bool TryPick(IEnumerable<SdpFingerprint> fingerprints, out DtlsFingerprint fingerprint)
    {
        var candidates = fingerprints.OrderBy(f => string.Equals(f.Algorithm, DtlsFingerprint.Sha256, StringComparison.OrdinalIgnoreCase) ? 0 : 1);
        foreach (var f in candidates)
        {
            if (DtlsFingerprint.TryParse(f.Algorithm + " " + f.Value, out fingerprint))
            {
                return true;
            }
        }

        fingerprint = default;
        return false;
    }

    /// <summary>The message for a description without a usable fingerprint.</summary>
    public const string MissingMessage = "The SDP has no usable a=fingerprint line; a WebRTC description must carry the DTLS certificate fingerprint (sha-256).";
}
