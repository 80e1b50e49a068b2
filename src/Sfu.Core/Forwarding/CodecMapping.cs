using Sfu.Core.Rtp.Codecs;
using Sfu.Core.Sdp;

namespace Sfu.Core.Forwarding;

/// <summary>
/// Matches a publisher's codecs to a subscriber's (same MIME type, clock rate, channels and the fmtp parameters that
/// identify the codec, through <see cref="RtpCodecMatcher"/>), builds the payload type maps the hot path indexes, and
/// detects keyframes per codec family. Matching runs at setup and allocates; the per-packet parts do not.
/// </summary>
internal static class CodecMapping
{
    /// <summary>Marks a publisher payload type the subscriber has no codec for.</summary>
    public const byte NoPayloadType = 0xFF;

    /// <summary>True when the two negotiated codecs are the same codec (payload types aside).</summary>
    public static bool SameCodec(NegotiatedCodec publisher, NegotiatedCodec subscriber)
    {
        string kind = KindOf(publisher.MimeType);
        if (!string.Equals(kind, KindOf(subscriber.MimeType), StringComparison.Ordinal))
        {
            return false;
        }

        var capability = new RtpCodecCapability
        {
            Kind = kind,
            MimeType = publisher.MimeType,
            ClockRate = publisher.ClockRate,
            Channels = publisher.Channels,
        };
        foreach (var (key, value) in publisher.GetParameterMap())
        {
            capability.Parameters[key] = value;
        }

        return RtpCodecMatcher.Matches(capability, kind, subscriber.EncodingName, subscriber.ClockRate, subscriber.Channels, subscriber.GetParameterMap());
    }

    /// <summary>
    /// True when some publisher codec that carries media itself (not RED, FEC, DTMF or comfort noise) has a match among
    /// <paramref name="subscriberCodecs"/>.
    /// </summary>
    public static bool HasCommonMediaCodec(IReadOnlyList<NegotiatedCodec> publisherCodecs, IReadOnlyList<NegotiatedCodec> subscriberCodecs)
    {
        foreach (var publisher in publisherCodecs)
        {
            if (IsAuxiliary(publisher))
            {
                continue;
            }

            foreach (var subscriber in subscriberCodecs)
            {
                if (SameCodec(publisher, subscriber))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Publisher payload type → subscriber payload type (<see cref="NoPayloadType"/> where there is none).</summary>
    public static byte[] BuildPayloadTypeMap(IReadOnlyList<NegotiatedCodec> publisherCodecs, IReadOnlyList<NegotiatedCodec> subscriberCodecs)
    {
        var map = new byte[128];
        Array.Fill(map, NoPayloadType);
        foreach (var publisher in publisherCodecs)
        {
            if ((uint)publisher.PayloadType > 127 || map[publisher.PayloadType] != NoPayloadType)
            {
                continue;
            }

            foreach (var subscriber in subscriberCodecs)
            {
                if ((uint)subscriber.PayloadType <= 127 && SameCodec(publisher, subscriber))
                {
                    map[publisher.PayloadType] = (byte)subscriber.PayloadType;
                    break;
                }
            }
        }

        return map;
    }

    /// <summary>Payload type → what it is, for the publisher's codecs.</summary>
    public static PayloadTypeInfo[] BuildPayloadTypeTable(IReadOnlyList<NegotiatedCodec> codecs)
    {
        var table = new PayloadTypeInfo[128];
        foreach (var codec in codecs)
        {
            if ((uint)codec.PayloadType <= 127 && !table[codec.PayloadType].IsKnown)
            {
                table[codec.PayloadType] = new PayloadTypeInfo(false, FamilyOf(codec), codec.ClockRate);
            }
        }

        foreach (var codec in codecs)
        {
            if (codec.RtxPayloadType is int rtx && (uint)rtx <= 127 && (uint)codec.PayloadType <= 127 && !table[rtx].IsKnown)
            {
                table[rtx] = new PayloadTypeInfo(true, CodecFamily.Other, codec.ClockRate, (byte)codec.PayloadType);
            }
        }

        return table;
    }

    public static CodecFamily FamilyOf(NegotiatedCodec codec) => codec.EncodingName.ToUpperInvariant() switch
    {
        "VP8" => CodecFamily.Vp8,
        "VP9" => CodecFamily.Vp9,
        "H264" => CodecFamily.H264,
        "AV1" => CodecFamily.Av1,
        _ => CodecFamily.Other,
    };

    /// <summary>True when the payload starts a keyframe of its codec; always false for <see cref="CodecFamily.Other"/>.</summary>
    public static bool IsKeyframe(CodecFamily family, ReadOnlySpan<byte> payload) => family switch
    {
        CodecFamily.Vp8 => Vp8PayloadDescriptor.IsKeyframe(payload),
        CodecFamily.Vp9 => Vp9PayloadDescriptor.IsKeyframe(payload),
        CodecFamily.H264 => H264Packetization.IsKeyframe(payload),
        CodecFamily.Av1 => Av1Packetization.IsKeyframe(payload),
        _ => false,
    };

    private static bool IsAuxiliary(NegotiatedCodec codec) => codec.EncodingName.ToUpperInvariant() switch
    {
        "RED" or "ULPFEC" or "FLEXFEC-03" or "TELEPHONE-EVENT" or "CN" or "RTX" => true,
        _ => false,
    };

    private static string KindOf(string mimeType)
    {
        int slash = mimeType.IndexOf('/', StringComparison.Ordinal);
        return (slash < 0 ? mimeType : mimeType[..slash]).ToLowerInvariant();
    }
}
