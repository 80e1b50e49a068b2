using Sfu.Core.Rtp;
using Sfu.Core.Sdp;
using static Sfu.Core.Tests.Sdp.SdpAnswerTestHelpers;

namespace Sfu.Core.Tests.Sdp;

public class SdpNegotiatorAnswerTests
{
    [Fact]
    public void ChromiumSimulcastOfferIsAcceptedWithOfferedPayloadTypes()
    {
        var offer = SdpFixtures.Parse(SdpFixtures.ChromiumSimulcastOffer);
        var result = SdpNegotiator.CreateAnswer(offer, Options());

        Assert.Equal(2, result.Media.Count);
        Assert.All(result.Media, m => Assert.True(m.Accepted, m.RejectReason));
        var audio = result.Media[0];
        Assert.Equal(("0", "audio", 0), (audio.Mid, audio.Kind, audio.Index));
        Assert.Equal(MediaDirection.RecvOnly, audio.Direction);
        Assert.Equal(MediaDirection.SendOnly, audio.RemoteDirection);
        Assert.Equal([111, 110, 126], audio.Codecs.Select(c => c.PayloadType));
        var opus = audio.Codecs[0];
        Assert.Equal(("audio/opus", 48000, 2), (opus.MimeType, opus.ClockRate, opus.Channels));
        Assert.Equal("minptime=10;useinbandfec=1", opus.Fmtp);
        Assert.Equal(RtcpFeedbackFlags.TransportCc, opus.Feedback);
        Assert.Null(opus.RtxPayloadType);
        Assert.Equal([442790017U], audio.RemoteSsrcs);
        Assert.Equal("8AFUEPjoSM8L8h8F", audio.RemoteCname);
        Assert.Equal("0eaba236-1fe3-4ec9-922c-27f288370f9d", audio.RemoteMsid!.TrackId);

        var video = result.Media[1];
        Assert.Equal(MediaDirection.RecvOnly, video.Direction);
        Assert.Equal([96, 102, 108, 116, 45, 98, 100], video.Codecs.Select(c => c.PayloadType));
        Assert.Equal([97, 103, 109, 117, 46, 99, 101], video.Codecs.Select(c => c.RtxPayloadType!.Value));
        var vp8 = video.Codecs[0];
        Assert.Equal("video/VP8", vp8.MimeType);
        Assert.True(vp8.Nack && vp8.Pli && vp8.Fir && vp8.Remb && vp8.TransportCc);
        Assert.Equal("apt=96", vp8.RtxFmtp);
        Assert.Equal("42001f", video.FindCodec(102)!.GetParameterMap()["profile-level-id"]);
        Assert.Equal("42e01f", video.FindCodec(108)!.GetParameterMap()["profile-level-id"]);
        Assert.Equal("4d001f", video.FindCodec(116)!.GetParameterMap()["profile-level-id"]);
        foreach (int packetizationMode0 in new[] { 104, 114, 39, 107, 115, 40 })
        {
            Assert.Null(video.FindCodec(packetizationMode0));
        }

        Assert.Equal("profile-id=2", video.FindCodec(100)!.Fmtp);
        Assert.Null(video.FindCodec(118));
        Assert.Null(video.FindCodec(120));
        Assert.Equal(["h", "m", "l"], video.Rids);
        Assert.Empty(video.PausedRids);
        Assert.Empty(video.RemoteSsrcs);
        Assert.Equal(4, video.HeaderExtensionId(RtpHeaderExtensionUri.Mid));
        Assert.Equal(10, video.HeaderExtensionId(RtpHeaderExtensionUri.RtpStreamId));
        Assert.Equal(11, video.HeaderExtensionId(RtpHeaderExtensionUri.RepairedRtpStreamId));
        Assert.Equal(3, video.HeaderExtensionId(RtpHeaderExtensionUri.TransportWideCc));
        Assert.Equal(2, video.HeaderExtensionId(RtpHeaderExtensionUri.AbsSendTime));
        Assert.Equal(13, video.HeaderExtensionId(RtpHeaderExtensionUri.VideoOrientation));
        Assert.Equal(14, video.HeaderExtensionId(RtpHeaderExtensionUri.TransmissionTimeOffset));
        Assert.Equal(7, video.HeaderExtensions.Count);
        Assert.Equal(4, audio.HeaderExtensions.Count);
        Assert.Equal(1, audio.HeaderExtensionId(RtpHeaderExtensionUri.AudioLevel));

        Assert.Equal(DtlsSetup.Passive, result.LocalSetup);
        Assert.Equal("0", result.TransportMid);
        Assert.Equal("1Lq7", result.RemoteIceUfrag);
        Assert.Equal("9vjG0zKeJ6OQ6nhs8X6MMpTo", result.RemoteIcePwd);
        Assert.StartsWith("13:04:18:AA", Assert.Single(result.RemoteFingerprints).Value, StringComparison.Ordinal);
        Assert.Equal(4, result.RemoteCandidates.Count);
    }

    [Fact]
    public void ChromiumSimulcastAnswerTextIsWhatTheBrowserNeeds()
    {
        var offer = SdpFixtures.Parse(SdpFixtures.ChromiumSimulcastOffer);
        var result = SdpNegotiator.CreateAnswer(offer, Options());
        var text = SdpWriter.Write(result.Answer);
        var lines = text.Split("\r\n");

        Assert.Equal("v=0", lines[0]);
        Assert.Equal("o=- 4242 1 IN IP4 0.0.0.0", lines[1]);
        Assert.Contains("a=group:BUNDLE 0 1", lines);
        Assert.Contains("a=ice-lite", lines);
        Assert.Contains("a=extmap-allow-mixed", lines);
        Assert.Contains("a=msid-semantic: WMS", lines);
        Assert.Contains("m=audio 40000 UDP/TLS/RTP/SAVPF 111 110 126", lines);
        Assert.Contains("m=video 40000 UDP/TLS/RTP/SAVPF 96 97 102 103 108 109 116 117 45 46 98 99 100 101", lines);
        Assert.Equal(2, lines.Count(l => l == "c=IN IP4 127.0.0.1"));
        Assert.Equal(2, lines.Count(l => l == "a=setup:passive"));
        Assert.Equal(2, lines.Count(l => l == "a=ice-ufrag:" + Ufrag));
        Assert.Equal(2, lines.Count(l => l == "a=ice-pwd:" + Pwd));
        Assert.Equal(2, lines.Count(l => l == "a=fingerprint:sha-256 " + FingerprintValue));
        Assert.Equal(2, lines.Count(l => l == "a=candidate:1 1 udp 2130706431 127.0.0.1 40000 typ host"));
        Assert.Equal(2, lines.Count(l => l == "a=end-of-candidates"));
        Assert.Equal(2, lines.Count(l => l == "a=rtcp-mux"));
        Assert.Equal(2, lines.Count(l => l == "a=recvonly"));
        Assert.Contains("a=rid:h recv", lines);
        Assert.Contains("a=rid:m recv", lines);
        Assert.Contains("a=rid:l recv", lines);
        Assert.Contains("a=simulcast:recv h;m;l", lines);
        Assert.Contains("a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", lines);
        Assert.Contains("a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id", lines);
        Assert.Contains("a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid", lines);
        Assert.DoesNotContain(lines, l => l.Contains("playout-delay", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("dependency-descriptor", StringComparison.Ordinal));
        Assert.Contains("a=rtpmap:111 opus/48000/2", lines);
        Assert.Contains("a=fmtp:111 minptime=10;useinbandfec=1", lines);
        Assert.Contains("a=rtcp-fb:111 transport-cc", lines);
        Assert.Contains("a=rtpmap:97 rtx/90000", lines);
        Assert.Contains("a=fmtp:97 apt=96", lines);
        Assert.Contains("a=fmtp:108 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("a=rtpmap:104 ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("a=rtpmap:118 ", StringComparison.Ordinal));
        Assert.Equal(5, lines.Count(l => l.StartsWith("a=rtcp-fb:96 ", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.StartsWith("a=ssrc", StringComparison.Ordinal));

        var reparsed = ParseText(text);
        Assert.True(reparsed.IceLite);
        Assert.Equal(["0", "1"], reparsed.BundleGroup!.Mids);
        Assert.Equal(["0", "1"], reparsed.Media.Select(m => m.Mid));
        Assert.All(reparsed.Media, m => Assert.Equal(DtlsSetup.Passive, m.Setup));
        Assert.Equal(["h", "m", "l"], Simulcast.RidIds(reparsed.Media[1].Simulcast!.Recv));
        Assert.Empty(reparsed.Media[1].Simulcast!.Send);
        Assert.All(reparsed.Media[1].Rids, r => Assert.Equal(RidDirection.Recv, r.Direction));
    }

    [Fact]
    public void FirefoxSimulcastOfferIsAccepted()
    {
        var offer = SdpFixtures.Parse(SdpFixtures.FirefoxSimulcastOffer);
        var result = SdpNegotiator.CreateAnswer(offer, Options());

        Assert.All(result.Media, m => Assert.True(m.Accepted, m.RejectReason));
        var audio = result.Media[0];
        Assert.Equal([109, 101], audio.Codecs.Select(c => c.PayloadType));
        Assert.Equal("maxplaybackrate=48000;stereo=1;useinbandfec=1", audio.Codecs[0].Fmtp);
        Assert.Equal(3, audio.HeaderExtensionId(RtpHeaderExtensionUri.Mid));
        Assert.Null(audio.HeaderExtensionId("urn:ietf:params:rtp-hdrext:csrc-audio-level"));
        var video = result.Media[1];
        Assert.Equal([120, 121, 99], video.Codecs.Select(c => c.PayloadType));
        Assert.Equal([124, 125, 100], video.Codecs.Select(c => c.RtxPayloadType!.Value));
        Assert.Equal(["h", "m", "l"], video.Rids);
        Assert.Equal(9, video.HeaderExtensionId(RtpHeaderExtensionUri.RtpStreamId));
        Assert.Equal(6, video.RemoteSsrcs.Count);
        Assert.Equal(3494153375U, video.RemoteRtxSsrcFor(263610996));
        Assert.Equal(1584964042U, video.RemoteRtxSsrcFor(2470296503));
        Assert.Null(video.RemoteRtxSsrcFor(3494153375));
        Assert.Equal("{91db08ab-b350-4bbc-87fc-00043756527d}", video.RemoteCname);
        Assert.Equal("e912620b", result.RemoteIceUfrag);
        Assert.StartsWith("6B:E7:B3", Assert.Single(result.RemoteFingerprints).Value, StringComparison.Ordinal);
        Assert.Empty(result.RemoteCandidates);

        var answerVideo = Reparse(result).Media[1];
        Assert.Equal(MediaDirection.RecvOnly, answerVideo.Extmaps.Single(e => e.Id == 9).Direction);
        Assert.Equal(MediaDirection.RecvOnly, answerVideo.Extmaps.Single(e => e.Id == 10).Direction);
        Assert.Null(answerVideo.Extmaps.Single(e => e.Id == 3).Direction);
        Assert.True(answerVideo.ExtmapAllowMixed);
        Assert.False(Reparse(result).ExtmapAllowMixed);
    }

    [Fact]
    public void SendRecvOfferGetsSendRecvAnswerWithOurSsrcs()
    {
        var offer = ParseText(ChromiumSendRecvOffer());
        var options = Options();
        options.LocalSend["0"] = new LocalSendParameters { Ssrc = 5001, Cname = "sfu", StreamId = "room", TrackId = "audio0" };
        options.LocalSend["1"] = new LocalSendParameters { Ssrc = 6001, RtxSsrc = 6002, Cname = "sfu", StreamId = "room", TrackId = "video0" };
        var result = SdpNegotiator.CreateAnswer(offer, options);

        Assert.All(result.Media, m => Assert.Equal(MediaDirection.SendRecv, m.Direction));
        Assert.Empty(result.Media[1].Rids);
        Assert.Equal([1111U, 2222U], result.Media[1].RemoteSsrcs);
        Assert.Equal(2222U, result.Media[1].RemoteRtxSsrcFor(1111));

        var answer = Reparse(result);
        Assert.Equal(["room"], answer.MsidSemantic!.Identifiers);
        var audio = answer.Media[0];
        Assert.Equal(MediaDirection.SendRecv, audio.Direction);
        Assert.Equal(("room", "audio0"), (audio.Msid!.StreamId, audio.Msid.TrackId));
        Assert.Empty(audio.SsrcGroups);
        Assert.Equal("sfu", audio.FindSsrcAttribute(5001, "cname"));
        Assert.Equal("room audio0", audio.FindSsrcAttribute(5001, "msid"));
        var video = answer.Media[1];
        Assert.Equal(MediaDirection.SendRecv, video.Direction);
        Assert.Null(video.Simulcast);
        Assert.Empty(video.Rids);
        var fid = Assert.Single(video.SsrcGroups);
        Assert.Equal("FID", fid.Semantics);
        Assert.Equal([6001U, 6002U], fid.Ssrcs);
        Assert.Equal("sfu", video.FindSsrcAttribute(6002, "cname"));
        Assert.Equal("room video0", video.FindSsrcAttribute(6001, "msid"));
        var text = SdpWriter.Write(result.Answer);
        Assert.Contains("a=ssrc-group:FID 6001 6002\r\na=ssrc:6001 cname:sfu\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void LocalSendIsIgnoredWhenWeDoNotSend()
    {
        var offer = SdpFixtures.Parse(SdpFixtures.ChromiumSimulcastOffer);
        var options = Options();
        options.LocalSend["0"] = new LocalSendParameters { Ssrc = 5001, Cname = "sfu", StreamId = "room", TrackId = "audio0" };
        var answer = Reparse(SdpNegotiator.CreateAnswer(offer, options));

        Assert.Empty(answer.Media[0].SsrcAttributes);
        Assert.Null(answer.Media[0].Msid);
        Assert.Empty(answer.MsidSemantic!.Identifiers);
    }

    [Fact]
    public void DirectionSelectorIsRestrictedToWhatTheOfferAllows()
    {
        var offer = SdpFixtures.Parse(SdpFixtures.ChromiumSimulcastOffer);
        var options = Options();
        options.DirectionSelector = m => m.Kind == "video" ? MediaDirection.Inactive : MediaDirection.SendRecv;
        var result = SdpNegotiator.CreateAnswer(offer, options);

        Assert.Equal(MediaDirection.RecvOnly, result.Media[0].Direction);
        Assert.Equal(MediaDirection.Inactive, result.Media[1].Direction);
        Assert.Empty(result.Media[1].Rids);
        Assert.Null(Reparse(result).Media[1].Simulcast);
    }

    [Theory]
    [InlineData("actpass", null, DtlsSetup.Passive)]
    [InlineData("actpass", DtlsSetup.Active, DtlsSetup.Active)]
    [InlineData("actpass", DtlsSetup.Passive, DtlsSetup.Passive)]
    [InlineData("active", null, DtlsSetup.Passive)]
    [InlineData("active", DtlsSetup.Active, DtlsSetup.Passive)]
    [InlineData("passive", null, DtlsSetup.Active)]
    public void SetupFollowsTheOffer(string offered, DtlsSetup? preferred, DtlsSetup expected)
    {
        var text = SdpFixtures.Read(SdpFixtures.ChromiumSimulcastOffer).Replace("a=setup:actpass", "a=setup:" + offered, StringComparison.Ordinal);
        var options = Options();
        options.Setup = preferred;
        var result = SdpNegotiator.CreateAnswer(ParseText(text), options);

        Assert.Equal(expected, result.LocalSetup);
        Assert.All(Reparse(result).Media, m => Assert.Equal(expected, m.Setup));
    }

    [Fact]
    public void SectionWithoutRtcpMuxIsRejectedKeepingItsMid()
    {
        var text = SdpFixtures.Read(SdpFixtures.ChromiumSimulcastOffer);
        int video = text.IndexOf("m=video", StringComparison.Ordinal);
        text = text[..video] + text[video..].Replace("a=rtcp-mux\r\n", "", StringComparison.Ordinal);
        var result = SdpNegotiator.CreateAnswer(ParseText(text), Options());

        Assert.True(result.Media[0].Accepted);
        Assert.False(result.Media[1].Accepted);
        Assert.Equal("rtcp-mux is required", result.Media[1].RejectReason);
        Assert.Equal("1", result.Media[1].Mid);
        var answer = Reparse(result);
        Assert.Equal(0, answer.Media[1].Port);
        Assert.Equal("1", answer.Media[1].Mid);
        Assert.Equal(["96"], answer.Media[1].Formats);
        Assert.Equal(["0"], answer.BundleGroup!.Mids);
    }

    [Fact]
    public void SectionWithoutCommonCodecIsRejected()
    {
        const string Offer = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=group:BUNDLE a v\r\n"
            + "a=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuv\r\na=fingerprint:sha-256 01:02\r\na=setup:actpass\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 0 8\r\nc=IN IP4 0.0.0.0\r\na=mid:a\r\na=sendonly\r\na=rtcp-mux\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 104 114\r\nc=IN IP4 0.0.0.0\r\na=mid:v\r\na=sendonly\r\na=rtcp-mux\r\n"
            + "a=rtpmap:104 H264/90000\r\na=fmtp:104 packetization-mode=0;profile-level-id=42001f\r\n"
            + "a=rtpmap:114 H264/90000\r\na=fmtp:114 packetization-mode=1;profile-level-id=640c1f\r\n";
        var result = SdpNegotiator.CreateAnswer(ParseText(Offer), Options());

        Assert.All(result.Media, m => Assert.Equal("no common codec", m.RejectReason));
        Assert.False(result.AnyAccepted);
        Assert.Null(result.TransportMid);
        Assert.Null(result.RemoteIceUfrag);
        var answer = Reparse(result);
        Assert.Empty(answer.Groups);
        Assert.All(answer.Media, m => Assert.Equal(0, m.Port));
        Assert.Equal(["a", "v"], answer.Media.Select(m => m.Mid));
    }

    [Fact]
    public void SessionLevelTransportAttributesAreUsed()
    {
        const string Offer = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=group:BUNDLE a\r\n"
            + "a=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuv\r\na=fingerprint:sha-256 01:02\r\na=setup:passive\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:a\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\n";
        var result = SdpNegotiator.CreateAnswer(ParseText(Offer), Options());

        Assert.True(result.Media[0].Accepted);
        Assert.Equal(MediaDirection.SendRecv, result.Media[0].Direction);
        Assert.Equal("abcd", result.RemoteIceUfrag);
        Assert.Equal("abcdefghijklmnopqrstuv", result.RemoteIcePwd);
        Assert.Equal("01:02", Assert.Single(result.RemoteFingerprints).Value);
        Assert.Equal(DtlsSetup.Active, result.LocalSetup);
        Assert.Equal(RtcpFeedbackFlags.None, result.Media[0].Codecs[0].Feedback);
    }

    [Fact]
    public void DataChannelSectionIsRejectedForNow()
    {
        var text = SdpFixtures.Read(SdpFixtures.ChromiumSimulcastOffer).Replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1 2", StringComparison.Ordinal)
            + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:1Lq7\r\na=ice-pwd:9vjG0zKeJ6OQ6nhs8X6MMpTo\r\n"
            + "a=fingerprint:sha-256 13:04\r\na=setup:actpass\r\na=mid:2\r\na=sctp-port:5000\r\na=max-message-size:262144\r\n";
        var offer = ParseText(text);
        Assert.Equal(5000, offer.Media[2].SctpPort);
        Assert.Equal(262144UL, offer.Media[2].MaxMessageSize);
        var result = SdpNegotiator.CreateAnswer(offer, Options());

        Assert.False(result.Media[2].Accepted);
        Assert.Equal(SdpNegotiator.DataChannelsNotSupported, result.Media[2].RejectReason);
        Assert.Equal("data channels not supported yet", result.Media[2].RejectReason);
        var answerText = SdpWriter.Write(result.Answer);
        Assert.Contains("m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:2\r\n", answerText, StringComparison.Ordinal);
        Assert.Equal(["0", "1"], Reparse(result).BundleGroup!.Mids);
    }

    [Fact]
    public void DataChannelSectionIsAcceptedWhenAskedFor()
    {
        var text = SdpFixtures.Read(SdpFixtures.ChromiumSimulcastOffer).Replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1 2", StringComparison.Ordinal)
            + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:1Lq7\r\na=ice-pwd:9vjG0zKeJ6OQ6nhs8X6MMpTo\r\n"
            + "a=fingerprint:sha-256 13:04\r\na=setup:actpass\r\na=mid:2\r\na=sctp-port:5001\r\na=max-message-size:1048576\r\n";
        var options = Options();
        options.DataChannelMaxMessageSize = 262144;
        var result = SdpNegotiator.CreateAnswer(ParseText(text), options);

        var data = result.Media[2];
        Assert.True(data.Accepted, data.RejectReason);
        Assert.Equal(5001, data.RemoteSctpPort);
        Assert.Equal(1048576UL, data.RemoteMaxMessageSize);
        var answer = Reparse(result);
        Assert.Equal(["0", "1", "2"], answer.BundleGroup!.Mids);
        var section = answer.Media[2];
        Assert.Equal("UDP/DTLS/SCTP", section.Protocol);
        Assert.Equal(["webrtc-datachannel"], section.Formats);
        Assert.Equal(5000, section.SctpPort);
        Assert.Equal(262144UL, section.MaxMessageSize);
        Assert.NotNull(section.IceUfrag);
        Assert.NotEmpty(section.Fingerprints);
        Assert.Contains("a=sctp-port:5000\r\na=max-message-size:262144\r\n", SdpWriter.Write(result.Answer), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n", null)]
    [InlineData("m=application 9 DTLS/SCTP 5000\r\n", "protocol 'DTLS/SCTP' is not UDP/DTLS/SCTP")]
    [InlineData("m=application 9 UDP/DTLS/SCTP bfcp\r\n", "the application m-section does not offer webrtc-datachannel")]
    public void DataChannelSectionWithoutSizeDefaultsOrIsRejected(string mLine, string? reason)
    {
        var text = SdpFixtures.Read(SdpFixtures.ChromiumSimulcastOffer).Replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1 2", StringComparison.Ordinal)
            + mLine + "c=IN IP4 0.0.0.0\r\na=ice-ufrag:1Lq7\r\na=ice-pwd:9vjG0zKeJ6OQ6nhs8X6MMpTo\r\na=fingerprint:sha-256 13:04\r\na=mid:2\r\n";
        var options = Options();
        options.DataChannelMaxMessageSize = 262144;
        var result = SdpNegotiator.CreateAnswer(ParseText(text), options);

        Assert.Equal(reason, result.Media[2].RejectReason);
        if (reason is null)
        {
            Assert.Equal(5000, result.Media[2].RemoteSctpPort);
            Assert.Equal(65536UL, result.Media[2].RemoteMaxMessageSize);
        }
    }

    [Fact]
    public void SectionsOutsideBundleAndDisabledSectionsAreRejected()
    {
        var text = SdpFixtures.Read(SdpFixtures.ChromiumSimulcastOffer).Replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 1", StringComparison.Ordinal);
        var result = SdpNegotiator.CreateAnswer(ParseText(text), Options());
        Assert.Equal("the m-section is not in the offer's BUNDLE group", result.Media[0].RejectReason);
        Assert.True(result.Media[1].Accepted);
        Assert.Equal("1", result.TransportMid);

        var disabled = SdpFixtures.Read(SdpFixtures.ChromiumSimulcastOffer).Replace("m=video 9 ", "m=video 0 ", StringComparison.Ordinal);
        var second = SdpNegotiator.CreateAnswer(ParseText(disabled), Options());
        Assert.Equal("the offer disabled the m-section (port 0)", second.Media[1].RejectReason);

        var unbundled = SdpFixtures.Read(SdpFixtures.ChromiumSimulcastOffer).Replace("a=group:BUNDLE 0 1\r\n", "", StringComparison.Ordinal);
        var third = SdpNegotiator.CreateAnswer(ParseText(unbundled), Options());
        Assert.True(third.Media[0].Accepted);
        Assert.Equal("without BUNDLE only the first m-section can be accepted", third.Media[1].RejectReason);
        Assert.Empty(third.Answer.Groups);
    }

    [Fact]
    public void PlainRtpIsRejected()
    {
        var text = SdpFixtures.Read(SdpFixtures.ReferenceSubscriberOffer).Replace("m=audio 9 UDP/TLS/RTP/SAVPF", "m=audio 9 RTP/AVP", StringComparison.Ordinal);
        var result = SdpNegotiator.CreateAnswer(ParseText(text), Options());

        Assert.Equal("protocol 'RTP/AVP' is not DTLS-SRTP", result.Media[0].RejectReason);
        Assert.True(result.Media[1].Accepted);
    }

    [Fact]
    public void AnswerWithoutCandidatesUsesThePlaceholderAddress()
    {
        var options = Options();
        options.Candidates.Clear();
        var answer = Reparse(SdpNegotiator.CreateAnswer(SdpFixtures.Parse(SdpFixtures.ChromiumSimulcastOffer), options));

        Assert.All(answer.Media, m => Assert.Equal(9, m.Port));
        Assert.All(answer.Media, m => Assert.Equal("0.0.0.0", m.Connection!.Address));
        Assert.All(answer.Media, m => Assert.False(m.EndOfCandidates));
    }

    [Fact]
    public void BadOptionsThrow()
    {
        var offer = SdpFixtures.Parse(SdpFixtures.ChromiumSimulcastOffer);
        var shortUfrag = Options();
        shortUfrag.IceUfrag = "abc";
        Assert.Throws<ArgumentException>(() => SdpNegotiator.CreateAnswer(offer, shortUfrag));
        var noFingerprint = Options();
        noFingerprint.Fingerprint = null;
        Assert.Throws<ArgumentException>(() => SdpNegotiator.CreateAnswer(offer, noFingerprint));
        var badMsid = Options();
        badMsid.LocalSend["0"] = new LocalSendParameters { Ssrc = 1, Cname = "x", StreamId = "has space", TrackId = "t" };
        Assert.Throws<ArgumentException>(() => SdpNegotiator.CreateAnswer(offer, badMsid));
    }
}
