using Sfu.Core.Sdp;
using Sfu.Signaling.Rooms;

namespace Sfu.Signaling.Tests.Rooms;

public sealed class SubscriberCodecsRtxTests
{
    private static NegotiatedCodec Codec(int pt, string mime, int clock, RtcpFeedbackFlags feedback, string? fmtp = null, int? rtx = null)
        => new() { PayloadType = pt, MimeType = mime, ClockRate = clock, Fmtp = fmtp, RtxPayloadType = rtx, Feedback = feedback };

    [Fact]
    public void VideoWithNackGetsTheTablesRtxPayloadTypeWhetherThePublisherUsedRtxOrNot()
    {
        var withRtx = SubscriberCodecs.ForSubscriber([Codec(120, "video/VP8", 90000, RtcpFeedbackFlags.Nack | RtcpFeedbackFlags.Pli, rtx: 124)]);
        var withoutRtx = SubscriberCodecs.ForSubscriber([Codec(96, "video/VP8", 90000, RtcpFeedbackFlags.Nack)]);
        var h264 = SubscriberCodecs.ForSubscriber([Codec(102, "video/H264", 90000, RtcpFeedbackFlags.Nack, "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f")]);

        Assert.Equal(97, Assert.Single(withRtx).RtxPayloadType);
        Assert.Equal(97, Assert.Single(withoutRtx).RtxPayloadType);
        Assert.Equal(108, h264[0].PayloadType);
        Assert.Equal(109, h264[0].RtxPayloadType);
    }

    [Fact]
    public void NoRtxWithoutNackOrForAudio()
    {
        var video = SubscriberCodecs.ForSubscriber([Codec(96, "video/VP8", 90000, RtcpFeedbackFlags.Pli, rtx: 97)]);
        var audio = SubscriberCodecs.ForSubscriber([Codec(111, "audio/opus", 48000, RtcpFeedbackFlags.Nack | RtcpFeedbackFlags.TransportCc)]);

        Assert.Null(Assert.Single(video).RtxPayloadType);
        Assert.Null(Assert.Single(audio).RtxPayloadType);
    }

    [Fact]
    public void AnOfferWithTheRtxCodecAndAnRtxSsrcDeclaresTheFidGroup()
    {
        var codecs = SubscriberCodecs.ForSubscriber([Codec(96, "video/VP8", 90000, RtcpFeedbackFlags.Nack | RtcpFeedbackFlags.Pli)]);
        var options = new OfferOptions
        {
            IceUfrag = "ufrag",
            IcePwd = "passwordpasswordpassword",
            Fingerprint = new SdpFingerprint("sha-256", string.Join(":", Enumerable.Repeat("AB", 32))),
            SessionId = 1,
            SessionVersion = 1,
        };
        var section = new MediaOfferSection { Mid = "0", Kind = MediaKinds.Video, Ssrc = 1111, RtxSsrc = 2222, Cname = "c", StreamId = "s", TrackId = "t" };
        section.Codecs.AddRange(codecs);
        options.Sections.Add(section);

        string sdp = SdpWriter.Write(SdpNegotiator.CreateOffer(options));

        Assert.Contains("a=rtpmap:97 rtx/90000", sdp, StringComparison.Ordinal);
        Assert.Contains("a=fmtp:97 apt=96", sdp, StringComparison.Ordinal);
        Assert.Contains("a=ssrc-group:FID 1111 2222", sdp, StringComparison.Ordinal);
    }
}
