using System.Net;

namespace Sfu.Core.Sdp;

/// <summary>
/// Offer/answer (RFC 3264, JSEP RFC 8829) for an SFU: answers browser offers (publishers) with
/// <see cref="CreateAnswer"/>, makes offers to subscribers with <see cref="CreateOffer"/> and reads their answers with
/// <see cref="ProcessAnswer"/>. The server runs one ICE/DTLS transport per peer: every accepted m-section is bundled
/// (RFC 8843) and requires rtcp-mux. Bad input from the remote side never throws: it rejects m-sections with a reason.
/// Bad options from our own code throw <see cref="ArgumentException"/>.
/// </summary>
public static partial class SdpNegotiator
{
    /// <summary>Reason given for m=application sections when data channels were not asked for.</summary>
    public const string DataChannelsNotSupported = "data channels not supported yet";

    /// <summary>Our a=sctp-port (RFC 8841 5): the port every browser uses.</summary>
    public const int SctpPort = 5000;

    private static readonly string[] DtlsSrtpProtocols =
        ["UDP/TLS/RTP/SAVPF", "TCP/DTLS/RTP/SAVPF", "UDP/TLS/RTP/SAVP", "TCP/DTLS/RTP/SAVP", "RTP/SAVPF"];

    private static SessionDescription NewDescription(ulong? sessionId, ulong sessionVersion) => new()
    {
        Origin = new SdpOrigin
        {
            Username = "-",
            SessionId = sessionId ?? ((ulong)Random.Shared.NextInt64(1, long.MaxValue) >> 1),
            SessionVersion = sessionVersion,
            NetworkType = "IN",
            AddressType = "IP4",
            Address = "0.0.0.0",
        },
        SessionName = "-",
        Timing = new SdpTiming(),
    };

    private static void ValidateTransport(string ufrag, string pwd, SdpFingerprint? fingerprint, List<IceCandidate> candidates)
    {
        if (ufrag is null || ufrag.Length is < 4 or > 256 || !ufrag.All(SdpSyntax.IsIceChar))
        {
            throw new ArgumentException("the ICE ufrag must be 4 to 256 letters, digits, '+' or '/'", nameof(ufrag));
        }

        if (pwd is null || pwd.Length is < 22 or > 256 || !pwd.All(SdpSyntax.IsIceChar))
        {
            throw new ArgumentException("the ICE password must be 22 to 256 letters, digits, '+' or '/'", nameof(pwd));
        }

        if (fingerprint is null || !SdpSyntax.IsToken(fingerprint.Algorithm) || !SdpSyntax.IsNonSpaceText(fingerprint.Value))
        {
            throw new ArgumentException("a DTLS fingerprint (algorithm and value) is required", nameof(fingerprint));
        }

        if (candidates.Exists(c => c is null))
        {
            throw new ArgumentException("candidates must not contain null", nameof(candidates));
        }
    }

    private static void ValidateMsidPart(string? value, string name)
    {
        if (value is null || value.Length > 64 || !SdpSyntax.IsToken(value))
        {
            throw new ArgumentException(name + " must be a token of at most 64 characters", name);
        }
    }

    /// <summary>The m= port and c= line: the first component-1 UDP candidate with an IP address, else 9 and 0.0.0.0 (JSEP 5.3.1).</summary>
    private static (int Port, SdpConnection Connection) DefaultDestination(List<IceCandidate> candidates)
    {
        var candidate = candidates.Find(c => c.Component == 1 && c.Transport == IceTransportProtocol.Udp && IPAddress.TryParse(c.Address, out _));
        if (candidate is null || !IPAddress.TryParse(candidate.Address, out var address))
        {
            return (9, new SdpConnection("IN", "IP4", "0.0.0.0"));
        }

        var addressType = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IP6" : "IP4";
        return (candidate.Port, new SdpConnection("IN", addressType, candidate.Address));
    }

    private static void AddTransportAttributes(
        MediaDescription section, string ufrag, string pwd, SdpFingerprint fingerprint, DtlsSetup setup, List<IceCandidate> candidates)
    {
        section.IceUfrag = ufrag;
        section.IcePwd = pwd;
        section.Fingerprints.Add(new SdpFingerprint(fingerprint.Algorithm, fingerprint.Value));
        section.Setup = setup;
        section.RtcpMux = true;
        section.Candidates.AddRange(candidates);
        section.EndOfCandidates = candidates.Count > 0;
    }

    /// <summary>a=msid, a=ssrc-group:FID and a=ssrc cname/msid lines for what we send (RFC 5576, RFC 8830).</summary>
    private static void AddLocalSource(
        MediaDescription section, uint ssrc, uint? rtxSsrc, string cname, string streamId, string trackId)
    {
        section.Msid = new Msid(streamId, trackId);
        if (rtxSsrc is uint rtx)
        {
            section.SsrcGroups.Add(new SsrcGroup("FID", ssrc, rtx));
        }

        foreach (var source in rtxSsrc is uint r ? new[] { ssrc, r } : [ssrc])
        {
            section.SsrcAttributes.Add(new SsrcAttribute(source, "cname", cname));
            section.SsrcAttributes.Add(new SsrcAttribute(source, "msid", streamId + " " + trackId));
        }
    }

    /// <summary>The remote side's declared sources of one m-section, for <see cref="NegotiatedMedia"/>.</summary>
    private static (IReadOnlyList<uint> Ssrcs, IReadOnlyList<SsrcGroup> Groups, string? Cname) RemoteSources(MediaDescription media)
    {
        var groups = media.SsrcGroups.Select(g => new SsrcGroup(g.Semantics, [.. g.Ssrcs])).ToList();
        var cname = media.SsrcAttributes.Find(a => string.Equals(a.Name, "cname", StringComparison.Ordinal))?.Value;
        return (media.DistinctSsrcs(), groups, cname);
    }

    private static bool IsDtlsSrtp(string protocol) =>
        DtlsSrtpProtocols.Any(p => string.Equals(p, protocol, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether an rtpmap is RTX (RFC 4588), which is answered with the codec it repairs, never alone.</summary>
    internal static bool IsRtx(RtpMap map) => string.Equals(map.EncodingName, "rtx", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A rejected m-section for an answer (RFC 3264 6, JSEP 5.3.1): port 0, the mid kept, one format of the offer
    /// (with its rtpmap) so that the m= line stays well formed.
    /// </summary>
    private static MediaDescription RejectedSection(MediaDescription offered)
    {
        var section = new MediaDescription
        {
            Kind = offered.Kind,
            Port = 0,
            Protocol = offered.Protocol,
            Connection = new SdpConnection("IN", "IP4", "0.0.0.0"),
            Mid = offered.Mid,
            Direction = offered.IsRtp ? MediaDirection.Inactive : MediaDirection.SendRecv,
        };
        var format = offered.Formats.Count > 0 ? offered.Formats[0] : "0";
        section.Formats.Add(format);
        if (offered.IsRtp && SdpSyntax.TryParseInt(format, 0, 127, out int pt) && offered.FindRtpMap(pt) is { } map)
        {
            section.RtpMaps.Add(new RtpMap(map.PayloadType, map.EncodingName, map.ClockRate, map.Channels));
        }

        return section;
    }

    private static NegotiatedMedia Rejected(MediaDescription media, int index, string reason) => new()
    {
        Mid = media.Mid,
        Kind = media.Kind,
        Index = index,
        Accepted = false,
        RejectReason = reason,
        Direction = MediaDirection.Inactive,
        RemoteDirection = media.Direction,
    };
}
