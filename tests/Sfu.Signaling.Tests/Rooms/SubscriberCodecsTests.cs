using Sfu.Core.Sdp;
using Sfu.Signaling.Rooms;

namespace Sfu.Signaling.Tests.Rooms;

public sealed class SubscriberCodecsTests
{
    private static NegotiatedCodec Codec(int pt, string mime, int clock, string? fmtp = null, int? channels = null, int? rtx = null)
        => new() { PayloadType = pt, MimeType = mime, ClockRate = clock, Fmtp = fmtp, Channels = channels, RtxPayloadType = rtx, Feedback = RtcpFeedbackFlags.Nack | RtcpFeedbackFlags.Pli };

    [Fact]
    public void FirefoxAndChromiumPayloadTypesMapToOneTable()
    {
        var firefox = SubscriberCodecs.ForSubscriber(new[] { Codec(120, "video/VP8", 90000, "max-fs=12288;max-fr=60", rtx: 124) });
        var chromium = SubscriberCodecs.ForSubscriber(new[] { Codec(96, "video/VP8", 90000, rtx: 97) });
        Assert.Equal(96, Assert.Single(firefox).PayloadType);
        Assert.Equal(96, Assert.Single(chromium).PayloadType);
        Assert.Equal("max-fs=12288;max-fr=60", firefox[0].Fmtp);
        Assert.True(firefox[0].Nack);
    }

    [Fact]
    public void H264ProfilesAndPacketizationModesKeepDistinctPayloadTypes()
    {
        var codecs = SubscriberCodecs.ForSubscriber(new[]
        {
            Codec(102, "video/H264", 90000, "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f"),
            Codec(108, "video/H264", 90000, "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f"),
            Codec(104, "video/H264", 90000, "level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f"),
        });
        Assert.Equal(new[] { 102, 108 }, codecs.Select(c => c.PayloadType));
    }

    [Fact]
    public void OpusAndBothTelephoneEventsAreKeptAndUnknownCodecsDropped()
    {
        var codecs = SubscriberCodecs.ForSubscriber(new[]
        {
            Codec(109, "audio/opus", 48000, "minptime=10;useinbandfec=1", 2),
            Codec(101, "audio/telephone-event", 8000),
            Codec(100, "audio/telephone-event", 48000),
            Codec(9, "audio/G722", 8000),
        });
        Assert.Equal(new[] { 111, 126, 110 }, codecs.Select(c => c.PayloadType));
    }

    [Fact]
    public void OfferedExtensionsDependOnKind()
    {
        Assert.Contains(Sfu.Core.Rtp.RtpHeaderExtensionUri.AudioLevel, SubscriberCodecs.HeaderExtensions(MediaKinds.Audio).Keys);
        Assert.DoesNotContain(Sfu.Core.Rtp.RtpHeaderExtensionUri.AudioLevel, SubscriberCodecs.HeaderExtensions(MediaKinds.Video).Keys);
        Assert.Equal(3, SubscriberCodecs.HeaderExtensions(MediaKinds.Video)[Sfu.Core.Rtp.RtpHeaderExtensionUri.TransportWideCc]);
    }
}
