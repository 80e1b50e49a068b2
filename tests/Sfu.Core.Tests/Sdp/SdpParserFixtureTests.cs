using Sfu.Core.Sdp;

namespace Sfu.Core.Tests.Sdp;

public class SdpParserFixtureTests
{
    [Fact]
    public void ChromiumOfferSessionLevel()
    {
        var sdp = SdpFixtures.Parse(SdpFixtures.ChromiumSimulcastOffer);

        Assert.Equal(0, sdp.Version);
        Assert.Equal("-", sdp.Origin.Username);
        Assert.Equal(5005437795330307040UL, sdp.Origin.SessionId);
        Assert.Equal(2UL, sdp.Origin.SessionVersion);
        Assert.Equal("IN", sdp.Origin.NetworkType);
        Assert.Equal("IP4", sdp.Origin.AddressType);
        Assert.Equal("127.0.0.1", sdp.Origin.Address);
        Assert.Equal("-", sdp.SessionName);
        Assert.Equal(0UL, sdp.Timing.StartTime);
        Assert.Equal(0UL, sdp.Timing.StopTime);
        var bundle = Assert.Single(sdp.Groups);
        Assert.Equal("BUNDLE", bundle.Semantics);
        Assert.Equal(["0", "1"], bundle.Mids);
        Assert.Same(bundle, sdp.BundleGroup);
        Assert.True(sdp.ExtmapAllowMixed);
        Assert.False(sdp.IceLite);
        Assert.Equal("WMS", sdp.MsidSemantic!.Semantic);
        Assert.Equal(["c0c9ee8b-c9e3-4bb0-bb0d-22ad8db0a6b8"], sdp.MsidSemantic.Identifiers);
        Assert.Empty(sdp.OtherAttributes);
        Assert.Equal(2, sdp.Media.Count);
    }

    [Fact]
    public void ChromiumOfferAudioSection()
    {
        var audio = SdpFixtures.Parse(SdpFixtures.ChromiumSimulcastOffer).Media[0];

        Assert.Equal("audio", audio.Kind);
        Assert.Equal(36102, audio.Port);
        Assert.Equal("UDP/TLS/RTP/SAVPF", audio.Protocol);
        Assert.Equal(["111", "63", "9", "0", "8", "13", "110", "126"], audio.Formats);
        Assert.Equal([111, 63, 9, 0, 8, 13, 110, 126], audio.PayloadTypes);
        Assert.Equal("127.0.0.1", audio.Connection!.Address);
        Assert.Equal(9, audio.RtcpAttribute!.Port);
        Assert.Equal("0.0.0.0", audio.RtcpAttribute.Connection!.Address);
        Assert.Equal("1Lq7", audio.IceUfrag);
        Assert.Equal("9vjG0zKeJ6OQ6nhs8X6MMpTo", audio.IcePwd);
        Assert.Equal(["trickle"], audio.IceOptions);
        var fingerprint = Assert.Single(audio.Fingerprints);
        Assert.Equal("sha-256", fingerprint.Algorithm);
        Assert.Equal("13:04:18:AA:8B:04:5A:3E:17:56:C6:66:3A:0A:F3:62:97:54:A3:F4:A5:0F:DF:26:39:61:E3:05:6A:9A:18:18", fingerprint.Value);
        Assert.Equal(DtlsSetup.Actpass, audio.Setup);
        Assert.Equal("0", audio.Mid);
        Assert.Equal(MediaDirection.SendOnly, audio.Direction);
        Assert.Equal("c0c9ee8b-c9e3-4bb0-bb0d-22ad8db0a6b8", audio.Msid!.StreamId);
        Assert.Equal("0eaba236-1fe3-4ec9-922c-27f288370f9d", audio.Msid.TrackId);
        Assert.True(audio.RtcpMux);
        Assert.True(audio.RtcpRsize);
        var rtcpXr = Assert.Single(audio.OtherAttributes);
        Assert.Equal("rtcp-xr", rtcpXr.Name);
        Assert.Equal("rcvr-rtt=all", rtcpXr.Value);

        Assert.Equal([(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level"), (2, "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"),
            (3, "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"), (4, "urn:ietf:params:rtp-hdrext:sdes:mid")],
            audio.Extmaps.Select(e => (e.Id, e.Uri)));
        Assert.All(audio.Extmaps, e => Assert.Null(e.Direction));

        var opus = audio.FindRtpMap(111)!;
        Assert.Equal("opus", opus.EncodingName);
        Assert.Equal(48000, opus.ClockRate);
        Assert.Equal(2, opus.Channels);
        Assert.Equal("minptime=10;useinbandfec=1", audio.FindFmtp(111)!.Parameters);
        Assert.Equal("10", audio.FindFmtp(111)!.GetParameter("minptime"));
        var feedback = Assert.Single(audio.FeedbackFor(111));
        Assert.Equal("transport-cc", feedback.Type);
        Assert.Null(feedback.Subtype);
        Assert.Null(audio.FindRtpMap(0)!.Channels);
        Assert.Equal("PCMU", audio.FindRtpMap(0)!.EncodingName);
        Assert.Equal(8000, audio.FindRtpMap(126)!.ClockRate);
        Assert.Equal("111/111", audio.FindFmtp(63)!.Parameters);
        Assert.Null(audio.RtxPayloadTypeFor(111));

        Assert.Equal(2, audio.SsrcAttributes.Count);
        Assert.All(audio.SsrcAttributes, s => Assert.Equal(442790017U, s.Ssrc));
        Assert.Equal("8AFUEPjoSM8L8h8F", audio.FindSsrcAttribute(442790017, "cname"));
        Assert.Equal("c0c9ee8b-c9e3-4bb0-bb0d-22ad8db0a6b8 0eaba236-1fe3-4ec9-922c-27f288370f9d", audio.FindSsrcAttribute(442790017, "msid"));

        Assert.Equal(4, audio.Candidates.Count);
        var first = audio.Candidates[0];
        Assert.Equal("3696875035", first.Foundation);
        Assert.Equal(1, first.Component);
        Assert.Equal(IceTransportProtocol.Udp, first.Transport);
        Assert.Equal(2122260223U, first.Priority);
        Assert.Equal("127.0.0.1", first.Address);
        Assert.Equal(36102, first.Port);
        Assert.Equal(IceCandidateType.Host, first.Type);
        Assert.Equal(0, first.Generation);
        Assert.Equal([new("network-id", "2"), new("network-cost", "50")], first.Extensions);
        var tcp = audio.Candidates[2];
        Assert.Equal(IceTransportProtocol.Tcp, tcp.Transport);
        Assert.Equal(IceTcpType.Active, tcp.TcpType);
        Assert.Equal(9, tcp.Port);
        Assert.False(audio.EndOfCandidates);
    }

    [Fact]
    public void ChromiumOfferVideoSection()
    {
        var sdp = SdpFixtures.Parse(SdpFixtures.ChromiumSimulcastOffer);
        var video = sdp.Media[1];

        Assert.Equal("video", video.Kind);
        Assert.Equal(9, video.Port);
        Assert.Equal(23, video.Formats.Count);
        Assert.Equal("0.0.0.0", video.Connection!.Address);
        Assert.Equal("1", video.Mid);
        Assert.Equal(MediaDirection.SendOnly, video.Direction);
        Assert.Equal("dbded4c6-2fc8-419a-be92-9dd53fa33c94", video.Msid!.TrackId);
        Assert.Empty(video.Candidates);
        Assert.Empty(video.SsrcAttributes);
        Assert.Empty(video.SsrcGroups);

        Assert.Equal(13, video.Extmaps.Count);
        Assert.Equal(4, video.Extmaps.Single(e => e.Uri == "urn:ietf:params:rtp-hdrext:sdes:mid").Id);
        Assert.Equal(10, video.Extmaps.Single(e => e.Uri == "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id").Id);
        Assert.Equal(11, video.Extmaps.Single(e => e.Uri == "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id").Id);
        Assert.Equal(14, video.Extmaps[0].Id);
        Assert.Equal("urn:ietf:params:rtp-hdrext:toffset", video.Extmaps[0].Uri);

        var vp8 = video.FindRtpMap(96)!;
        Assert.Equal("VP8", vp8.EncodingName);
        Assert.Equal(90000, vp8.ClockRate);
        Assert.Equal(97, video.RtxPayloadTypeFor(96));
        Assert.Equal(46, video.RtxPayloadTypeFor(45));
        Assert.Equal(40, video.RtxPayloadTypeFor(39));
        Assert.Equal(119, video.RtxPayloadTypeFor(118));
        Assert.Null(video.RtxPayloadTypeFor(120));
        Assert.Equal(["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"],
            video.FeedbackFor(96).Select(f => f.Subtype is null ? f.Type : f.Type + " " + f.Subtype));
        Assert.Empty(video.FeedbackFor(97));
        Assert.Equal("level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f", video.FindFmtp(114)!.Parameters);
        var h264Map = video.FindFmtp(108)!.GetParameterMap();
        Assert.Equal("1", h264Map["packetization-mode"]);
        Assert.Equal("42e01f", h264Map["PROFILE-LEVEL-ID"]);
        Assert.Equal("profile-id=2", video.FindFmtp(100)!.Parameters);

        Assert.Equal(["h", "m", "l"], video.Rids.Select(r => r.Id));
        Assert.All(video.Rids, r => Assert.Equal(RidDirection.Send, r.Direction));
        Assert.All(video.Rids, r => Assert.Empty(r.Restrictions));
        Assert.Equal(["h", "m", "l"], Simulcast.RidIds(video.Simulcast!.Send));
        Assert.Equal(3, video.Simulcast.Send.Count);
        Assert.Empty(video.Simulcast.Recv);
        Assert.All(video.Simulcast.Send, s => Assert.False(Assert.Single(s.Alternatives).Paused));

        Assert.Equal("1Lq7", sdp.EffectiveIceUfrag(video));
        Assert.Equal(DtlsSetup.Actpass, sdp.EffectiveSetup(video));
    }

    [Fact]
    public void FirefoxOffer()
    {
        var sdp = SdpFixtures.Parse(SdpFixtures.FirefoxSimulcastOffer);

        Assert.Equal("mozilla...THIS_IS_SDPARTA-99.0", sdp.Origin.Username);
        Assert.Equal(1955008979966626813UL, sdp.Origin.SessionId);
        Assert.Equal(0UL, sdp.Origin.SessionVersion);
        Assert.Equal("0.0.0.0", sdp.Origin.Address);
        var sessionFingerprint = Assert.Single(sdp.Fingerprints);
        Assert.StartsWith("6B:E7:B3:0C", sessionFingerprint.Value, StringComparison.Ordinal);
        Assert.Equal(["trickle"], sdp.IceOptions);
        Assert.Equal("WMS", sdp.MsidSemantic!.Semantic);
        Assert.Equal(["*"], sdp.MsidSemantic.Identifiers);
        Assert.False(sdp.ExtmapAllowMixed);
        Assert.Equal(["0", "1"], sdp.BundleGroup!.Mids);

        var audio = sdp.Media[0];
        Assert.Equal([109, 9, 0, 8, 101], audio.PayloadTypes);
        Assert.Equal(MediaDirection.SendOnly, audio.Direction);
        Assert.True(audio.ExtmapAllowMixed);
        Assert.Empty(audio.Fingerprints);
        Assert.Same(sessionFingerprint, Assert.Single(sdp.EffectiveFingerprints(audio)));
        Assert.Equal(["trickle"], sdp.EffectiveIceOptions(audio));
        Assert.Equal("e912620b", audio.IceUfrag);
        Assert.Equal("3355f165500479606e0740eca2aa98b8", audio.IcePwd);
        var opus = audio.FindRtpMap(109)!;
        Assert.Equal(("opus", 48000, 2), (opus.EncodingName, opus.ClockRate, opus.Channels));
        Assert.Equal(1, audio.FindRtpMap(9)!.Channels);
        Assert.Equal("maxplaybackrate=48000;stereo=1;useinbandfec=1", audio.FindFmtp(109)!.Parameters);
        Assert.Equal("0-15", audio.FindFmtp(101)!.Parameters);
        var csrcLevel = audio.Extmaps.Single(e => e.Id == 2);
        Assert.Equal(MediaDirection.RecvOnly, csrcLevel.Direction);
        Assert.Equal("urn:ietf:params:rtp-hdrext:csrc-audio-level", csrcLevel.Uri);
        Assert.Equal("{b4e092db-f851-491e-9575-8053c4c2c126}", audio.Msid!.StreamId);
        Assert.Equal("{6b528b7f-fb2f-4bb0-9b7e-b382d26d7ab9}", audio.Msid.TrackId);
        Assert.Equal("{91db08ab-b350-4bbc-87fc-00043756527d}", audio.FindSsrcAttribute(2341324563, "cname"));
        Assert.Equal(4, audio.RtcpFeedbacks.Count);

        var video = sdp.Media[1];
        Assert.Equal([120, 124, 121, 125, 99, 100, 123, 122, 119], video.PayloadTypes);
        Assert.Equal("VP8", video.FindRtpMap(120)!.EncodingName);
        Assert.Equal(124, video.RtxPayloadTypeFor(120));
        Assert.Equal(125, video.RtxPayloadTypeFor(121));
        Assert.Equal(100, video.RtxPayloadTypeFor(99));
        Assert.Equal("max-fs=12288;max-fr=60", video.FindFmtp(120)!.Parameters);
        Assert.Equal(5, video.FeedbackFor(120).Count());
        Assert.Equal(MediaDirection.SendOnly, video.Extmaps.Single(e => e.Id == 9).Direction);
        Assert.Equal("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", video.Extmaps.Single(e => e.Id == 9).Uri);
        Assert.Equal(["h", "m", "l"], video.Rids.Select(r => r.Id));
        Assert.Equal(["h", "m", "l"], Simulcast.RidIds(video.Simulcast!.Send));
        Assert.Equal([263610996U, 3494153375U, 1677127313U, 2156676078U, 2470296503U, 1584964042U], video.DistinctSsrcs());
        Assert.Equal(3, video.SsrcGroups.Count);
        Assert.All(video.SsrcGroups, g => Assert.Equal("FID", g.Semantics));
        Assert.Equal([263610996U, 3494153375U], video.SsrcGroups[0].Ssrcs);
        Assert.Equal([1677127313U, 2156676078U], video.SsrcGroups[1].Ssrcs);
        Assert.Equal([2470296503U, 1584964042U], video.SsrcGroups[2].Ssrcs);
        Assert.Empty(video.Candidates);
    }

    [Fact]
    public void ReferenceSubscriberOffer()
    {
        var sdp = SdpFixtures.Parse(SdpFixtures.ReferenceSubscriberOffer);

        Assert.Equal(1795316198551848UL, sdp.Origin.SessionId);
        Assert.Equal(1UL, sdp.Origin.SessionVersion);
        Assert.Equal("VideoRoom 4321", sdp.SessionName);
        Assert.True(sdp.ExtmapAllowMixed);
        Assert.StartsWith("A2:E9:8C", Assert.Single(sdp.Fingerprints).Value, StringComparison.Ordinal);

        var audio = sdp.Media[0];
        Assert.Equal(["111"], audio.Formats);
        Assert.Equal(MediaDirection.SendOnly, audio.Direction);
        Assert.Equal("6ejU", audio.IceUfrag);
        Assert.Equal("1SqOCx/a4na+B9bAdunLM1", audio.IcePwd);
        Assert.Equal(new[] { "janus", "janus0" }, new[] { audio.Msid!.StreamId, audio.Msid.TrackId });
        Assert.Equal("useinbandfec=1", audio.FindFmtp(111)!.Parameters);
        var candidate = Assert.Single(audio.Candidates);
        Assert.Equal("1 1 udp 2015363327 127.0.0.2 20123 typ host", candidate.ToString());
        Assert.True(audio.EndOfCandidates);

        var video = sdp.Media[1];
        Assert.Equal([96, 97], video.PayloadTypes);
        Assert.Equal(97, video.RtxPayloadTypeFor(96));
        var fid = Assert.Single(video.SsrcGroups);
        Assert.Equal("FID", fid.Semantics);
        Assert.Equal([2165026140U, 2321892500U], fid.Ssrcs);
        Assert.Equal("janus", video.FindSsrcAttribute(2321892500, "cname"));
        Assert.Equal(12, video.Extmaps.Single(e => e.Uri == "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay").Id);
        Assert.Equal("janus1", video.Msid!.TrackId);
        Assert.True(video.EndOfCandidates);
    }

    [Theory]
    [InlineData(SdpFixtures.ChromiumSimulcastOffer)]
    [InlineData(SdpFixtures.FirefoxSimulcastOffer)]
    [InlineData(SdpFixtures.ReferenceSubscriberOffer)]
    public void LfOnlyParsesLikeCrlf(string name)
    {
        var crlf = SdpFixtures.Read(name);
        Assert.Contains("\r\n", crlf, StringComparison.Ordinal);
        Assert.True(SdpParser.TryParse(crlf.Replace("\r\n", "\n", StringComparison.Ordinal), out var lf, out var error), error);
        Assert.Equal(SdpModelDump.Dump(SdpFixtures.Parse(name)), SdpModelDump.Dump(lf));
    }
}
