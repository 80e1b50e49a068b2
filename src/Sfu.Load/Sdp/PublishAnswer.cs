using Sfu.Core.Dtls;
using Sfu.Core.Sdp;
using Sfu.Core.Transport;
using Sfu.Load.Media;
using Sfu.Load.Publishing;

namespace Sfu.Load.Sdp;

/// <summary>What the server's answer to our publish offer says: the transport and each sending section's parameters.</summary>
public sealed record PublishAnswer(RemoteTransport Transport, SendSection? Audio, SendSection? Video)
{
    /// <summary>Reads the answer; throws <see cref="InvalidOperationException"/> saying what is missing.</summary>
    public static PublishAnswer Read(string sdp, CandidatePicker candidates, string? audioMid, string? videoMid)
    {
        if (!SdpParser.TryParse(sdp, out var answer, out var error) || answer is null)
        {
            throw new InvalidOperationException("The server's publish answer does not parse: " + error);
        }

        var first = answer.Media.FirstOrDefault(m => m.Port != 0)
            ?? throw new InvalidOperationException("The server's publish answer rejected every m-section.");
        var ufrag = answer.EffectiveIceUfrag(first) ?? throw new InvalidOperationException("The publish answer has no ICE ufrag.");
        var pwd = answer.EffectiveIcePwd(first) ?? throw new InvalidOperationException("The publish answer has no ICE password.");
        if (!SdpFingerprints.TryPick(answer.EffectiveFingerprints(first), out var fingerprint))
        {
            throw new InvalidOperationException(SdpFingerprints.MissingMessage);
        }

        // The server answers actpass with passive (it is the DTLS server) unless it chose active.
        var role = answer.EffectiveSetup(first) == DtlsSetup.Active ? DtlsRole.Server : DtlsRole.Client;
        var endPoint = candidates.Pick(answer.Media.SelectMany(m => m.Candidates));
        return new PublishAnswer(
            new RemoteTransport(endPoint, ufrag, pwd, fingerprint, role),
            Section(answer, audioMid, "opus"),
            Section(answer, videoMid, "VP8"));
    }

    private static SendSection? Section(SessionDescription answer, string? mid, string codec)
    {
        if (mid is null)
        {
            return null;
        }

        var section = answer.FindMedia(mid);
        if (section is null || section.Port == 0)
        {
            throw new InvalidOperationException($"The server's publish answer rejected m-section {mid}.");
        }

        var map = section.RtpMaps.Find(r => string.Equals(r.EncodingName, codec, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"The server's publish answer did not accept {codec} in m-section {mid}.");
        return new SendSection(mid, (byte)map.PayloadType, SendExtensionIds.From(section));
    }
}
