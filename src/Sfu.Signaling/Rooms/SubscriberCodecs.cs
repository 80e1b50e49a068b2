using Sfu.Core.Rtp;
using Sfu.Core.Sdp;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// The payload types and header-extension ids the server uses in every subscriber offer. Publishers choose their
/// own payload types (Chromium's VP8 is 96, Firefox's 120); subscribers always see this one table, so one codec has
/// one payload type in every bundled m-section and the down-track rewrites the payload type per packet.
/// </summary>
public static class SubscriberCodecs
{
    private static readonly (string Key, int Pt, int Rtx)[] Table =
    {
        ("audio/opus", 111, 0),
        ("audio/telephone-event/48000", 110, 0),
        ("audio/telephone-event/8000", 126, 0),
        ("video/vp8", 96, 97),
        ("video/vp9/0", 98, 99),
        ("video/vp9/2", 100, 101),
        ("video/h264/42001f/1", 102, 103),
        ("video/h264/42e01f/1", 108, 109),
        ("video/h264/4d001f/1", 116, 117),
        ("video/h264/64001f/1", 112, 113),
        ("video/av1", 45, 46),
    };

    /// <summary>The header extensions offered to subscribers, by kind, with their ids.</summary>
    public static IReadOnlyDictionary<string, int> HeaderExtensions(string kind) => kind == MediaKinds.Audio
        ? new Dictionary<string, int>(StringComparer.Ordinal)
        {
            [RtpHeaderExtensionUri.AudioLevel] = 1,
            [RtpHeaderExtensionUri.AbsSendTime] = 2,
            [RtpHeaderExtensionUri.TransportWideCc] = 3,
            [RtpHeaderExtensionUri.Mid] = 4,
        }
        : new Dictionary<string, int>(StringComparer.Ordinal)
        {
            [RtpHeaderExtensionUri.AbsSendTime] = 2,
            [RtpHeaderExtensionUri.TransportWideCc] = 3,
            [RtpHeaderExtensionUri.Mid] = 4,
            [RtpHeaderExtensionUri.VideoOrientation] = 13,
            [RtpHeaderExtensionUri.TransmissionTimeOffset] = 14,
        };

    /// <summary>
    /// The publisher's codecs as a subscriber offer carries them: same codec parameters, the table's payload types.
    /// Codecs not in the table are left out. Video codecs with NACK get the table's RTX payload type whether or not
    /// the publisher used RTX: retransmissions to subscribers come from the server's own cache.
    /// </summary>
    /// <param name="publisherCodecs">The publisher's negotiated codecs.</param>
    /// <param name="offerNack">False leaves NACK (and so RTX) out of the offer: subscribers then recover from loss by keyframes only.</param>
    public static List<NegotiatedCodec> ForSubscriber(IEnumerable<NegotiatedCodec> publisherCodecs, bool offerNack = true)
    {
        var result = new List<NegotiatedCodec>();
        foreach (var c in publisherCodecs)
        {
            var key = Key(c);
            int i = Array.FindIndex(Table, t => t.Key == key);
            if (i < 0 || result.Any(r => r.PayloadType == Table[i].Pt))
            {
                continue;
            }

            result.Add(new NegotiatedCodec
            {
                PayloadType = Table[i].Pt,
                MimeType = c.MimeType,
                ClockRate = c.ClockRate,
                Channels = c.Channels,
                Fmtp = c.Fmtp,
                Feedback = offerNack ? c.Feedback : c.Feedback & ~RtcpFeedbackFlags.Nack,
                RtxPayloadType = offerNack && c.Nack && Table[i].Rtx != 0 && key.StartsWith("video/", StringComparison.Ordinal) ? Table[i].Rtx : null,
            });
        }

        return result;
    }

    private static string Key(NegotiatedCodec c)
    {
        var mime = c.MimeType.ToLowerInvariant();
        var p = c.GetParameterMap();
        return mime switch
        {
            "audio/telephone-event" => $"{mime}/{c.ClockRate}",
            "video/vp9" => $"{mime}/{(p.TryGetValue("profile-id", out var v) ? v : "0")}",
            "video/h264" => $"{mime}/{(p.TryGetValue("profile-level-id", out var pl) ? pl.ToLowerInvariant() : "42010a")}/{(p.TryGetValue("packetization-mode", out var pm) ? pm : "0")}",
            _ => mime,
        };
    }
}
