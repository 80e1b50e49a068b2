using Sfu.Core.Rtp;
using Sfu.Core.Sdp;

namespace Sfu.Core.Tests.Sdp;

public class RtpCodecMatcherTests
{
    [Theory]
    [InlineData("42e01f", H264Profile.ConstrainedBaseline, 0x1f)]
    [InlineData("42E01F", H264Profile.ConstrainedBaseline, 0x1f)]
    [InlineData("42c01f", H264Profile.ConstrainedBaseline, 0x1f)]
    [InlineData("4de01f", H264Profile.ConstrainedBaseline, 0x1f)]
    [InlineData("58c01f", H264Profile.ConstrainedBaseline, 0x1f)]
    [InlineData("42001f", H264Profile.Baseline, 0x1f)]
    [InlineData("42a01f", H264Profile.Baseline, 0x1f)]
    [InlineData("58801f", H264Profile.Baseline, 0x1f)]
    [InlineData("58001f", H264Profile.Extended, 0x1f)]
    [InlineData("4d001f", H264Profile.Main, 0x1f)]
    [InlineData("4d4032", H264Profile.Main, 0x32)]
    [InlineData("640c1f", H264Profile.ConstrainedHigh, 0x1f)]
    [InlineData("64001f", H264Profile.High, 0x1f)]
    [InlineData("f4001f", H264Profile.PredictiveHigh444, 0x1f)]
    [InlineData("420010", H264Profile.Baseline, 0x10)]
    public void RecognisesH264Profiles(string text, H264Profile profile, int level)
    {
        Assert.True(H264ProfileLevelId.TryParse(text, out var value));
        Assert.Equal(profile, value.Profile);
        Assert.Equal(level, value.LevelIdc);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("42e01")]
    [InlineData("42e01f0")]
    [InlineData("zze01f")]
    [InlineData("42e31f")] // reserved bits set
    [InlineData("64401f")] // High with a stray constraint bit
    [InlineData("6e001f")] // High 10: not in the table
    public void RejectsUnknownProfileLevelIds(string? text)
    {
        Assert.False(H264ProfileLevelId.TryParse(text, out _));
    }

    private static RtpCodecCapability Find(string mime, string? profileLevelId = null)
    {
        var caps = MediaCapabilities.Default.Codecs.Where(c => c.MimeType == mime);
        return profileLevelId is null ? caps.First() : caps.Single(c => c.Parameters["profile-level-id"] == profileLevelId);
    }

    private static bool Matches(RtpCodecCapability capability, string kind, string name, int clock, int? channels, string fmtp) =>
        RtpCodecMatcher.Matches(capability, kind, name, clock, channels, Fmtp.ParseParameterMap(fmtp));

    [Fact]
    public void H264NeedsSameProfileAndPacketizationModeButNotLevel()
    {
        var cb = Find("video/H264", "42e01f");
        Assert.True(Matches(cb, "video", "H264", 90000, null, "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f"));
        Assert.True(Matches(cb, "video", "h264", 90000, null, "packetization-mode=1;profile-level-id=42e034"));
        Assert.True(Matches(cb, "video", "H264", 90000, null, "packetization-mode=1;profile-level-id=42c00b"));
        Assert.False(Matches(cb, "video", "H264", 90000, null, "level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f"));
        Assert.False(Matches(cb, "video", "H264", 90000, null, "profile-level-id=42e01f"));
        Assert.False(Matches(cb, "video", "H264", 90000, null, "packetization-mode=1;profile-level-id=42001f"));
        Assert.False(Matches(cb, "video", "H264", 90000, null, "packetization-mode=1;profile-level-id=640c1f"));
        Assert.False(Matches(cb, "video", "H264", 90000, null, "packetization-mode=1;profile-level-id=garbage"));

        var baseline = Find("video/H264", "42001f");
        Assert.True(Matches(baseline, "video", "H264", 90000, null, "packetization-mode=1"));
        Assert.False(Matches(baseline, "video", "H264", 90000, null, "packetization-mode=1;profile-level-id=42e01f"));
        var main = Find("video/H264", "4d001f");
        Assert.True(Matches(main, "video", "H264", 90000, null, "packetization-mode=1;profile-level-id=4d0032"));
    }

    [Fact]
    public void Vp9AndAv1ProfilesMustMatch()
    {
        var vp9Profile0 = MediaCapabilities.Default.Codecs.Single(c => c.MimeType == "video/VP9" && c.Parameters["profile-id"] == "0");
        var vp9Profile2 = MediaCapabilities.Default.Codecs.Single(c => c.MimeType == "video/VP9" && c.Parameters["profile-id"] == "2");
        Assert.True(Matches(vp9Profile0, "video", "VP9", 90000, null, ""));
        Assert.True(Matches(vp9Profile0, "video", "VP9", 90000, null, "profile-id=0"));
        Assert.False(Matches(vp9Profile0, "video", "VP9", 90000, null, "profile-id=2"));
        Assert.True(Matches(vp9Profile2, "video", "VP9", 90000, null, "profile-id=2"));
        Assert.False(Matches(vp9Profile2, "video", "VP9", 90000, null, "max-fs=12288"));

        var av1 = Find("video/AV1");
        Assert.True(Matches(av1, "video", "AV1", 90000, null, "level-idx=5;profile=0;tier=0"));
        Assert.True(Matches(av1, "video", "AV1", 90000, null, ""));
        Assert.False(Matches(av1, "video", "AV1", 90000, null, "profile=1"));
    }

    [Fact]
    public void MimeClockRateChannelsAndKindMustMatch()
    {
        var opus = Find("audio/opus");
        Assert.True(Matches(opus, "audio", "OPUS", 48000, 2, "useinbandfec=1"));
        Assert.False(Matches(opus, "audio", "opus", 48000, 1, ""));
        Assert.False(Matches(opus, "audio", "opus", 48000, null, ""));
        Assert.False(Matches(opus, "audio", "opus", 16000, 2, ""));
        Assert.False(Matches(opus, "video", "opus", 48000, 2, ""));

        var dtmf8000 = MediaCapabilities.Default.Codecs.Single(c => c.MimeType == "audio/telephone-event" && c.ClockRate == 8000);
        Assert.True(Matches(dtmf8000, "audio", "telephone-event", 8000, 1, "0-15"));
        Assert.True(Matches(dtmf8000, "audio", "telephone-event", 8000, null, ""));
        Assert.False(Matches(dtmf8000, "audio", "telephone-event", 48000, null, ""));

        var vp8 = Find("video/VP8");
        Assert.True(Matches(vp8, "video", "vp8", 90000, null, "max-fs=12288;max-fr=60"));
        Assert.False(Matches(vp8, "video", "VP9", 90000, null, ""));
        Assert.False(Matches(vp8, "video", "VP8", 48000, null, ""));
    }

    [Fact]
    public void DefaultCapabilitiesHaveTheBrowserSet()
    {
        var caps = MediaCapabilities.Default;
        Assert.NotSame(caps, MediaCapabilities.Default);
        Assert.Equal(["audio/opus", "audio/telephone-event", "audio/telephone-event", "video/VP8", "video/VP9", "video/VP9",
            "video/H264", "video/H264", "video/H264", "video/AV1"], caps.Codecs.Select(c => c.MimeType));
        var opus = caps.Codecs[0];
        Assert.Equal((48000, 2), (opus.ClockRate, opus.Channels));
        Assert.Equal("10", opus.Parameters["minptime"]);
        Assert.Equal("1", opus.Parameters["useinbandfec"]);
        Assert.Equal("transport-cc", Assert.Single(opus.Feedback).Type);
        Assert.False(opus.Rtx);
        Assert.All(caps.Codecs.Where(c => c.Kind == "video"), c =>
        {
            Assert.True(c.Rtx);
            Assert.Equal(RtcpFeedbackFlags.Nack | RtcpFeedbackFlags.Pli | RtcpFeedbackFlags.Fir | RtcpFeedbackFlags.Remb | RtcpFeedbackFlags.TransportCc,
                c.Feedback.ToFlags());
        });
        Assert.All(caps.Codecs.Where(c => c.MimeType == "video/H264"), c =>
        {
            Assert.Equal("1", c.Parameters["packetization-mode"]);
            Assert.Equal("1", c.Parameters["level-asymmetry-allowed"]);
        });
        Assert.True(caps.SupportsHeaderExtension("audio", RtpHeaderExtensionUri.AudioLevel));
        Assert.False(caps.SupportsHeaderExtension("video", RtpHeaderExtensionUri.AudioLevel));
        Assert.True(caps.SupportsHeaderExtension("video", RtpHeaderExtensionUri.VideoOrientation));
        Assert.True(caps.SupportsHeaderExtension("video", RtpHeaderExtensionUri.TransmissionTimeOffset));
        Assert.False(caps.SupportsHeaderExtension("audio", RtpHeaderExtensionUri.TransmissionTimeOffset));
        foreach (var kind in new[] { "audio", "video" })
        {
            foreach (var uri in new[] { RtpHeaderExtensionUri.Mid, RtpHeaderExtensionUri.RtpStreamId, RtpHeaderExtensionUri.RepairedRtpStreamId,
                RtpHeaderExtensionUri.AbsSendTime, RtpHeaderExtensionUri.TransportWideCc })
            {
                Assert.True(caps.SupportsHeaderExtension(kind, uri), kind + " " + uri);
            }
        }
    }
}
