using Sfu.Core.Rtp;
using Sfu.Core.Sdp;
using static Sfu.Core.Tests.Sdp.SdpAnswerTestHelpers;

namespace Sfu.Core.Tests.Sdp;

public class SdpNegotiatorOfferTests
{
    private const RtcpFeedbackFlags AllFeedback =
        RtcpFeedbackFlags.Nack | RtcpFeedbackFlags.Pli | RtcpFeedbackFlags.Fir | RtcpFeedbackFlags.Remb | RtcpFeedbackFlags.TransportCc;

    private static OfferOptions SubscriberOffer()
    {
        var options = new OfferOptions
        {
            IceUfrag = Ufrag,
            IcePwd = Pwd,
            Fingerprint = new SdpFingerprint("sha-256", FingerprintValue),
            SessionId = 77,
            SessionVersion = 3,
        };
        options.Candidates.Add(IceCandidate.CreateHost("1", "127.0.0.1", 40000));

        var audio = new MediaOfferSection
        {
            Mid = "0", Kind = "audio", Ssrc = 1001, Cname = "sfu", StreamId = "alice", TrackId = "alice-mic",
        };
        audio.Codecs.Add(new NegotiatedCodec
        {
            PayloadType = 111, MimeType = "audio/opus", ClockRate = 48000, Channels = 2,
            Fmtp = "minptime=10;useinbandfec=1", Feedback = RtcpFeedbackFlags.TransportCc,
        });
        audio.HeaderExtensions[RtpHeaderExtensionUri.TransportWideCc] = 3;
        audio.HeaderExtensions[RtpHeaderExtensionUri.AudioLevel] = 1;
        audio.HeaderExtensions[RtpHeaderExtensionUri.Mid] = 4;

        var video = new MediaOfferSection
        {
            Mid = "1", Kind = "video", Ssrc = 2001, RtxSsrc = 2002, Cname = "sfu", StreamId = "alice", TrackId = "alice-cam",
        };
        video.Codecs.Add(new NegotiatedCodec { PayloadType = 96, MimeType = "video/VP8", ClockRate = 90000, Feedback = AllFeedback, RtxPayloadType = 97 });
        video.Codecs.Add(new NegotiatedCodec
        {
            PayloadType = 108, MimeType = "video/H264", ClockRate = 90000, Feedback = AllFeedback, RtxPayloadType = 109,
            Fmtp = "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", RtxFmtp = "apt=108;rtx-time=3000",
        });
        video.HeaderExtensions[RtpHeaderExtensionUri.AbsSendTime] = 2;
        video.HeaderExtensions[RtpHeaderExtensionUri.TransportWideCc] = 3;
        video.HeaderExtensions[RtpHeaderExtensionUri.Mid] = 4;

        var stopped = new MediaOfferSection { Mid = "2", Kind = "video", Stopped = true };
        stopped.Codecs.Add(new NegotiatedCodec { PayloadType = 96, MimeType = "video/VP8", ClockRate = 90000 });

        options.Sections.AddRange([audio, video, stopped]);
        return options;
    }

    [Fact]
    public void OfferTextHasBundleIceLiteActpassAndOurSources()
    {
        var offer = SdpNegotiator.CreateOffer(SubscriberOffer());
        var text = SdpWriter.Write(offer);
        var lines = text.Split("\r\n");

        Assert.Equal("o=- 77 3 IN IP4 0.0.0.0", lines[1]);
        Assert.Contains("a=group:BUNDLE 0 1", lines);
        Assert.Contains("a=ice-lite", lines);
        Assert.Contains("a=extmap-allow-mixed", lines);
        Assert.Contains("a=msid-semantic: WMS alice", lines);
        Assert.Contains("m=audio 40000 UDP/TLS/RTP/SAVPF 111", lines);
        Assert.Contains("m=video 40000 UDP/TLS/RTP/SAVPF 96 97 108 109", lines);
        Assert.Contains("m=video 0 UDP/TLS/RTP/SAVPF 96", lines);
        Assert.Equal(2, lines.Count(l => l == "a=setup:actpass"));
        Assert.Equal(2, lines.Count(l => l == "a=sendonly"));
        Assert.Single(lines, "a=inactive");
        Assert.Contains("a=msid:alice alice-cam", lines);
        Assert.Contains("a=ssrc-group:FID 2001 2002", lines);
        Assert.Contains("a=ssrc:2002 cname:sfu", lines);
        Assert.Contains("a=ssrc:1001 msid:alice alice-mic", lines);
        Assert.Contains("a=fmtp:97 apt=96", lines);
        Assert.Contains("a=fmtp:109 apt=108;rtx-time=3000", lines);
        Assert.Contains("a=rtcp-fb:96 nack pli", lines);
        Assert.Contains("a=rtcp-fb:111 transport-cc", lines);
        Assert.Equal(5, lines.Count(l => l.StartsWith("a=rtcp-fb:108 ", StringComparison.Ordinal)));
        int audioSection = Array.IndexOf(lines, "m=audio 40000 UDP/TLS/RTP/SAVPF 111");
        Assert.Equal(["a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
            "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
            "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid"], lines.Skip(audioSection).Where(l => l.StartsWith("a=extmap:", StringComparison.Ordinal)).Take(3));

        var parsed = ParseText(text);
        Assert.Equal(SdpModelDump.Dump(parsed), SdpModelDump.Dump(ParseText(SdpWriter.Write(parsed))));
        Assert.Null(parsed.Media[1].RtxPayloadTypeFor(111));
        Assert.Equal(97, parsed.Media[1].RtxPayloadTypeFor(96));
        Assert.Empty(parsed.Media[2].Candidates);
        Assert.Null(parsed.Media[2].IceUfrag);
        Assert.Equal(40000, Assert.Single(parsed.Media[0].Candidates).Port);
    }

    private const string ChromiumStyleAnswer =
        "v=0\r\no=- 123 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\na=msid-semantic: WMS\r\n"
        + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\na=ice-ufrag:Wx1y\r\n"
        + "a=ice-pwd:abcdefghijklmnopqrstuvwx\r\na=ice-options:trickle\r\na=fingerprint:sha-256 01:02:03\r\na=setup:active\r\na=mid:0\r\n"
        + "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n"
        + "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n"
        + "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\na=recvonly\r\na=rtcp-mux\r\n"
        + "a=rtpmap:111 opus/48000/2\r\na=rtcp-fb:111 transport-cc\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n"
        + "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\na=ice-ufrag:Wx1y\r\n"
        + "a=ice-pwd:abcdefghijklmnopqrstuvwx\r\na=fingerprint:sha-256 01:02:03\r\na=setup:active\r\na=mid:1\r\n"
        + "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n"
        + "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\na=recvonly\r\na=rtcp-mux\r\na=rtcp-rsize\r\n"
        + "a=rtpmap:96 VP8/90000\r\na=rtcp-fb:96 goog-remb\r\na=rtcp-fb:96 ccm fir\r\na=rtcp-fb:96 nack\r\na=rtcp-fb:96 nack pli\r\n"
        + "a=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\n"
        + "m=video 0 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:2\r\na=inactive\r\na=rtpmap:96 VP8/90000\r\n";

    [Fact]
    public void ProcessAnswerReportsWhatTheSubscriberAccepted()
    {
        var offer = SdpNegotiator.CreateOffer(SubscriberOffer());
        var media = SdpNegotiator.ProcessAnswer(offer, ParseText(ChromiumStyleAnswer));

        Assert.Equal(3, media.Count);
        var audio = media[0];
        Assert.True(audio.Accepted, audio.RejectReason);
        Assert.Equal(MediaDirection.SendOnly, audio.Direction);
        Assert.Equal(MediaDirection.RecvOnly, audio.RemoteDirection);
        var opus = Assert.Single(audio.Codecs);
        Assert.Equal((111, "audio/opus", 2, RtcpFeedbackFlags.TransportCc), (opus.PayloadType, opus.MimeType, opus.Channels, opus.Feedback));
        Assert.Equal(3, audio.HeaderExtensions.Count);

        var video = media[1];
        Assert.True(video.Accepted, video.RejectReason);
        var vp8 = Assert.Single(video.Codecs);
        Assert.Equal(96, vp8.PayloadType);
        Assert.Equal(97, vp8.RtxPayloadType);
        Assert.Equal(RtcpFeedbackFlags.Nack | RtcpFeedbackFlags.Pli | RtcpFeedbackFlags.Fir | RtcpFeedbackFlags.Remb, vp8.Feedback);
        Assert.False(vp8.TransportCc);
        Assert.Equal(2, video.HeaderExtensionId(RtpHeaderExtensionUri.AbsSendTime));
        Assert.Equal(4, video.HeaderExtensionId(RtpHeaderExtensionUri.Mid));
        Assert.Null(video.HeaderExtensionId(RtpHeaderExtensionUri.TransportWideCc));

        Assert.False(media[2].Accepted);
        Assert.Equal("the m-section was offered stopped (port 0)", media[2].RejectReason);
    }

    [Fact]
    public void ProcessAnswerRejectsBadOrMissingSections()
    {
        var offer = SdpNegotiator.CreateOffer(SubscriberOffer());

        var rejectedVideo = ParseText(ChromiumStyleAnswer.Replace("m=video 9 ", "m=video 0 ", StringComparison.Ordinal));
        Assert.Equal("rejected by the answerer (port 0)", SdpNegotiator.ProcessAnswer(offer, rejectedVideo)[1].RejectReason);

        var audioOnly = ParseText(ChromiumStyleAnswer[..ChromiumStyleAnswer.IndexOf("m=video", StringComparison.Ordinal)].Replace(" 0 1\r\n", " 0\r\n", StringComparison.Ordinal));
        var media = SdpNegotiator.ProcessAnswer(offer, audioOnly);
        Assert.True(media[0].Accepted);
        Assert.Equal("the answer has no m-section 1", media[1].RejectReason);

        var otherCodec = ParseText(ChromiumStyleAnswer.Replace("UDP/TLS/RTP/SAVPF 96 97", "UDP/TLS/RTP/SAVPF 100", StringComparison.Ordinal)
            .Replace("a=rtpmap:96 VP8/90000\r\na=rtcp-fb", "a=rtpmap:100 VP9/90000\r\na=rtcp-fb", StringComparison.Ordinal));
        Assert.Equal("the answer accepted none of the offered codecs", SdpNegotiator.ProcessAnswer(offer, otherCodec)[1].RejectReason);

        var renamed = ParseText(ChromiumStyleAnswer.Replace("a=rtpmap:96 VP8/90000\r\na=rtcp-fb", "a=rtpmap:96 H264/90000\r\na=rtcp-fb", StringComparison.Ordinal));
        Assert.Equal("the answer accepted none of the offered codecs", SdpNegotiator.ProcessAnswer(offer, renamed)[1].RejectReason);

        var noRtx = ParseText(ChromiumStyleAnswer.Replace("UDP/TLS/RTP/SAVPF 96 97", "UDP/TLS/RTP/SAVPF 96", StringComparison.Ordinal)
            .Replace("a=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\n", "", StringComparison.Ordinal));
        Assert.Null(SdpNegotiator.ProcessAnswer(offer, noRtx)[1].Codecs[0].RtxPayloadType);

        var noMux = ParseText(ChromiumStyleAnswer.Replace("a=recvonly\r\na=rtcp-mux\r\na=rtcp-rsize", "a=recvonly\r\na=rtcp-rsize", StringComparison.Ordinal));
        Assert.Equal("rtcp-mux is required", SdpNegotiator.ProcessAnswer(offer, noMux)[1].RejectReason);

        var swapped = ParseText(ChromiumStyleAnswer.Replace("a=mid:1", "a=mid:x", StringComparison.Ordinal).Replace("BUNDLE 0 1", "BUNDLE 0 x", StringComparison.Ordinal));
        Assert.Equal("the answer's m-section 1 has mid 'x', not 1", SdpNegotiator.ProcessAnswer(offer, swapped)[1].RejectReason);

        var inactive = ParseText(ChromiumStyleAnswer.Replace("a=mid:1\r\n", "a=mid:1\r\na=x\r\n", StringComparison.Ordinal)
            .Replace("a=recvonly\r\na=rtcp-mux\r\na=rtcp-rsize", "a=inactive\r\na=rtcp-mux\r\na=rtcp-rsize", StringComparison.Ordinal));
        var inactiveVideo = SdpNegotiator.ProcessAnswer(offer, inactive)[1];
        Assert.True(inactiveVideo.Accepted);
        Assert.Equal(MediaDirection.Inactive, inactiveVideo.Direction);
    }

    [Fact]
    public void BadOfferOptionsThrow()
    {
        var duplicateMid = SubscriberOffer();
        duplicateMid.Sections[1].Mid = "0";
        Assert.Throws<ArgumentException>(() => SdpNegotiator.CreateOffer(duplicateMid));

        var duplicatePt = SubscriberOffer();
        duplicatePt.Sections[1].Codecs.Add(new NegotiatedCodec { PayloadType = 97, MimeType = "video/VP9", ClockRate = 90000 });
        Assert.Throws<ArgumentException>(() => SdpNegotiator.CreateOffer(duplicatePt));

        var badExtension = SubscriberOffer();
        badExtension.Sections[0].HeaderExtensions["urn:x"] = 0;
        Assert.Throws<ArgumentException>(() => SdpNegotiator.CreateOffer(badExtension));

        var noCname = SubscriberOffer();
        noCname.Sections[0].Cname = null;
        Assert.Throws<ArgumentException>(() => SdpNegotiator.CreateOffer(noCname));

        var noCodec = SubscriberOffer();
        noCodec.Sections[0].Codecs.Clear();
        Assert.Throws<ArgumentException>(() => SdpNegotiator.CreateOffer(noCodec));
    }

    [Fact]
    public void ReferenceSfuOfferCanBeAnsweredLikeASubscriber()
    {
        var offer = SdpFixtures.Parse(SdpFixtures.ReferenceSubscriberOffer);
        var result = SdpNegotiator.CreateAnswer(offer, Options());

        Assert.All(result.Media, m => Assert.True(m.Accepted, m.RejectReason));
        Assert.All(result.Media, m => Assert.Equal(MediaDirection.RecvOnly, m.Direction));
        Assert.Equal([1627033618U], result.Media[0].RemoteSsrcs);
        Assert.Equal(2321892500U, result.Media[1].RemoteRtxSsrcFor(2165026140));
        Assert.Equal("janus", result.Media[1].RemoteCname);
        var vp8 = Assert.Single(result.Media[1].Codecs);
        Assert.Equal((96, 97), (vp8.PayloadType, vp8.RtxPayloadType));
        Assert.Null(result.Media[1].HeaderExtensionId("http://www.webrtc.org/experiments/rtp-hdrext/playout-delay"));
        Assert.Equal(13, result.Media[1].HeaderExtensionId(RtpHeaderExtensionUri.VideoOrientation));
        Assert.Equal("6ejU", result.RemoteIceUfrag);
        Assert.StartsWith("A2:E9", Assert.Single(result.RemoteFingerprints).Value, StringComparison.Ordinal);
        Assert.Equal("1 1 udp 2015363327 127.0.0.2 20123 typ host", Assert.Single(result.RemoteCandidates).ToString());
    }
}
