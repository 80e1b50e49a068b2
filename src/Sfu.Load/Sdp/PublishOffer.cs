using System.Globalization;
using System.Text;
using Sfu.Core.Dtls;
using Sfu.Core.Ice;

namespace Sfu.Load.Sdp;

/// <summary>
/// The publisher connection's offer, written the way Chromium 156 writes a sendonly audio + simulcast camera offer
/// (see the recorded browser offers): BUNDLE, <c>a=extmap-allow-mixed</c>, <c>a=setup:actpass</c>, rtcp-mux and
/// rtcp-rsize, Chromium's header extension ids (audio level 1, abs-send-time 2, transport-wide-cc 3, mid 4, rid 10,
/// repaired rid 11), Opus 111 with RED and the telephone events, VP8 96 (RTX 97) first among Chromium's video codecs,
/// <c>a=rid:h/m/l send</c> with <c>a=simulcast:send h;m;l</c> and, as Chromium does, <c>a=ssrc</c> only for audio.
/// </summary>
public static class PublishOffer
{
    /// <summary>Writes the offer; the audio section (if any) is mid 0 and the video section the next.</summary>
    public static string Create(IceCredentials ice, DtlsFingerprint fingerprint, uint? audioSsrc, bool video, string cname, bool transportCc)
    {
        if (audioSsrc is null && !video)
        {
            throw new ArgumentException("An offer needs audio or video.");
        }

        string stream = Guid.NewGuid().ToString();
        var mids = new List<string>();
        if (audioSsrc is not null)
        {
            mids.Add("0");
        }

        if (video)
        {
            mids.Add(mids.Count.ToString(CultureInfo.InvariantCulture));
        }

        var sdp = new StringBuilder();
        Line(sdp, "v=0");
        Line(sdp, $"o=- {Random.Shared.NextInt64(1, long.MaxValue)} 2 IN IP4 127.0.0.1");
        Line(sdp, "s=-");
        Line(sdp, "t=0 0");
        Line(sdp, "a=group:BUNDLE " + string.Join(' ', mids));
        Line(sdp, "a=extmap-allow-mixed");
        Line(sdp, "a=msid-semantic: WMS " + stream);
        int index = 0;
        if (audioSsrc is uint ssrc)
        {
            Line(sdp, "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126");
            Transport(sdp, ice, fingerprint, mids[index++]);
            Line(sdp, "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level");
            Line(sdp, "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time");
            if (transportCc)
            {
                Line(sdp, "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01");
            }

            Line(sdp, "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid");
            Line(sdp, "a=sendonly");
            Line(sdp, $"a=msid:{stream} {Guid.NewGuid()}");
            Line(sdp, "a=rtcp-mux");
            Line(sdp, "a=rtcp-rsize");
            Line(sdp, "a=rtcp-xr:rcvr-rtt=all");
            Line(sdp, "a=rtpmap:111 opus/48000/2");
            if (transportCc)
            {
                Line(sdp, "a=rtcp-fb:111 transport-cc");
            }

            Line(sdp, "a=fmtp:111 minptime=10;useinbandfec=1");
            Line(sdp, "a=rtpmap:63 red/48000/2");
            Line(sdp, "a=fmtp:63 111/111");
            Line(sdp, "a=rtpmap:9 G722/8000");
            Line(sdp, "a=rtpmap:0 PCMU/8000");
            Line(sdp, "a=rtpmap:8 PCMA/8000");
            Line(sdp, "a=rtpmap:13 CN/8000");
            Line(sdp, "a=rtpmap:110 telephone-event/48000");
            Line(sdp, "a=rtpmap:126 telephone-event/8000");
            Line(sdp, $"a=ssrc:{ssrc} cname:{cname}");
            Line(sdp, $"a=ssrc:{ssrc} msid:{stream} audio");
        }

        if (video)
        {
            Line(sdp, "m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 108 109 45 46 98 99");
            Transport(sdp, ice, fingerprint, mids[index]);
            Line(sdp, "a=extmap:14 urn:ietf:params:rtp-hdrext:toffset");
            Line(sdp, "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time");
            Line(sdp, "a=extmap:13 urn:3gpp:video-orientation");
            if (transportCc)
            {
                Line(sdp, "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01");
            }

            Line(sdp, "a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay");
            Line(sdp, "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid");
            Line(sdp, "a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id");
            Line(sdp, "a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id");
            Line(sdp, "a=sendonly");
            Line(sdp, $"a=msid:{stream} {Guid.NewGuid()}");
            Line(sdp, "a=rtcp-mux");
            Line(sdp, "a=rtcp-rsize");
            Line(sdp, "a=rtcp-xr:rcvr-rtt=all");
            VideoCodec(sdp, 96, 97, "VP8/90000", null, transportCc);
            VideoCodec(sdp, 102, 103, "H264/90000", "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f", transportCc);
            VideoCodec(sdp, 108, 109, "H264/90000", "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", transportCc);
            VideoCodec(sdp, 45, 46, "AV1/90000", "level-idx=5;profile=0;tier=0", transportCc);
            VideoCodec(sdp, 98, 99, "VP9/90000", "profile-id=0", transportCc);
            Line(sdp, "a=rid:h send");
            Line(sdp, "a=rid:m send");
            Line(sdp, "a=rid:l send");
            Line(sdp, "a=simulcast:send h;m;l");
        }

        return sdp.ToString();
    }

    private static void Transport(StringBuilder sdp, IceCredentials ice, DtlsFingerprint fingerprint, string mid)
    {
        Line(sdp, "c=IN IP4 0.0.0.0");
        Line(sdp, "a=rtcp:9 IN IP4 0.0.0.0");
        Line(sdp, "a=ice-ufrag:" + ice.Ufrag);
        Line(sdp, "a=ice-pwd:" + ice.Password);
        Line(sdp, "a=ice-options:trickle");
        Line(sdp, "a=fingerprint:" + fingerprint);
        Line(sdp, "a=setup:actpass");
        Line(sdp, "a=mid:" + mid);
    }

    private static void VideoCodec(StringBuilder sdp, int payloadType, int rtx, string rtpmap, string? fmtp, bool transportCc)
    {
        Line(sdp, $"a=rtpmap:{payloadType} {rtpmap}");
        Line(sdp, $"a=rtcp-fb:{payloadType} goog-remb");
        if (transportCc)
        {
            Line(sdp, $"a=rtcp-fb:{payloadType} transport-cc");
        }

        Line(sdp, $"a=rtcp-fb:{payloadType} ccm fir");
        Line(sdp, $"a=rtcp-fb:{payloadType} nack");
        Line(sdp, $"a=rtcp-fb:{payloadType} nack pli");
        if (fmtp is not null)
        {
            Line(sdp, $"a=fmtp:{payloadType} {fmtp}");
        }

        Line(sdp, $"a=rtpmap:{rtx} rtx/90000");
        Line(sdp, $"a=fmtp:{rtx} apt={payloadType}");
    }

    private static void Line(StringBuilder sdp, string line) => sdp.Append(line).Append("\r\n");
}
